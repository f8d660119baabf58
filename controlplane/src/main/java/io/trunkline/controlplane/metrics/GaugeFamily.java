package io.trunkline.controlplane.metrics;

import java.util.function.DoubleSupplier;

/** A gauge family read at scrape time: each series is a value that goes up and down (sessions, UP/DOWN, busy ratio). */
public final class GaugeFamily extends CallbackFamily<DoubleSupplier> {
    GaugeFamily(String name, String... labelNames) {
        super(name, labelNames);
    }

    @Override
    double read(DoubleSupplier supplier) {
        return supplier.getAsDouble();
    }
}
