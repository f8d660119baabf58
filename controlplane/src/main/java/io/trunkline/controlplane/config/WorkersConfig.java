package io.trunkline.controlplane.config;

import java.util.List;
import java.util.Objects;

/**
 * The fast-path workers: one per lcore, each with one RX/TX queue pair on every port.
 *
 * @param lcores the worker lcores, distinct, none of them the EAL main lcore
 * @param idle   what a worker does when a poll brings nothing
 */
public record WorkersConfig(List<Integer> lcores, Idle idle) {
    /** Defaults for a file without a {@code workers:} section: one busy-spinning worker on lcore 1. */
    public static final WorkersConfig DEFAULT = new WorkersConfig(List.of(1), Idle.BUSY_SPIN);

    public WorkersConfig {
        lcores = List.copyOf(lcores);
        Objects.requireNonNull(idle, "idle");
    }

    /** Idle strategy of a worker: spin for the lowest latency, back off to share a core in labs. */
    public enum Idle { BUSY_SPIN, BACKOFF }
}
