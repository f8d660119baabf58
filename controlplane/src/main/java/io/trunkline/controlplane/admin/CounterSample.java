package io.trunkline.controlplane.admin;

import io.trunkline.controlplane.daemon.CounterView;
import java.util.List;

/**
 * The fast-path counters at one instant, for {@code stats}. Two samples give rates per second.
 *
 * @param sampledAtNanos the daemon's monotonic clock when the counters were read (not a wall-clock
 *                       time: only the difference between two samples means anything)
 */
public record CounterSample(long sampledAtNanos, List<CounterView> counters) {
    public CounterSample {
        counters = List.copyOf(counters);
    }
}
