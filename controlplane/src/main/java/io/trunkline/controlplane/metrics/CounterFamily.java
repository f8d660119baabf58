package io.trunkline.controlplane.metrics;

import java.util.function.LongSupplier;

/**
 * A counter family read at scrape time: each series is a count that only grows while its
 * writer lives (a fast-path worker's packet counter in shared memory, a check count). A reset
 * to zero when the writer restarts is what Prometheus expects of counters.
 */
public final class CounterFamily extends CallbackFamily<LongSupplier> {
    CounterFamily(String name, String... labelNames) {
        super(name, labelNames);
    }

    @Override
    double read(LongSupplier supplier) {
        return supplier.getAsLong();
    }
}
