package io.trunkline.controlplane.daemon;

/**
 * One fast-path counter summed over workers.
 *
 * @param name  the counter's label in the counters file, e.g. {@code rx_packets port=0}
 * @param value its total
 */
public record CounterView(String name, long value) {
}
