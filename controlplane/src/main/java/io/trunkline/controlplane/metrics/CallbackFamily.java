package io.trunkline.controlplane.metrics;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One metric family whose values are read when Prometheus scrapes, never copied in advance:
 * fixed series each backed by a supplier, plus samplers that emit a changing set of series
 * (one per backend, one per peer ...). Suppliers and samplers run on the scrape thread and
 * must only read: a plain or acquire read of a counter another thread or process writes.
 *
 * @param <S> the supplier type of a fixed series
 */
public abstract sealed class CallbackFamily<S> permits CounterFamily, GaugeFamily {
    /** Emits the series of a family that exist at scrape time. */
    @FunctionalInterface
    public interface Sampler {
        void sample(SampleSink sink);
    }

    /** Receives one sample per series from a {@link Sampler}. */
    @FunctionalInterface
    public interface SampleSink {
        /** @param labelValues one value per label name of the family, in order */
        void accept(double value, String... labelValues);
    }

    /** A fixed series or a sampler, removable when what it measures goes away. */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    private final String name;
    private final List<String> labelNames;
    private final List<Series<S>> series = new CopyOnWriteArrayList<>();
    private final List<Sampler> samplers = new CopyOnWriteArrayList<>();

    private record Series<S>(List<String> labelValues, S supplier) {
    }

    CallbackFamily(String name, String... labelNames) {
        this.name = name;
        this.labelNames = List.of(labelNames);
    }

    public String name() {
        return name;
    }

    /**
     * Adds a series whose value is read from {@code supplier} at each scrape.
     *
     * @throws IllegalArgumentException when the label values do not match the label names, or the series exists
     */
    public Registration series(S supplier, String... labelValues) {
        List<String> values = checkLabels(labelValues);
        for (Series<S> existing : series) {
            if (existing.labelValues().equals(values)) {
                throw new IllegalArgumentException("metric " + name + values + ": series already registered");
            }
        }
        Series<S> added = new Series<>(values, supplier);
        series.add(added);
        return () -> series.remove(added);
    }

    /** Adds a sampler that emits any number of series at each scrape. */
    public Registration sampler(Sampler sampler) {
        samplers.add(sampler);
        return () -> samplers.remove(sampler);
    }

    /** Reads every series into {@code sink}; label counts of sampled series are checked here. */
    final void collect(SampleSink sink) {
        for (Series<S> each : series) {
            sink.accept(read(each.supplier()), each.labelValues().toArray(String[]::new));
        }
        SampleSink checked = (value, labelValues) -> sink.accept(value, checkLabels(labelValues).toArray(String[]::new));
        for (Sampler sampler : samplers) {
            sampler.sample(checked);
        }
    }

    abstract double read(S supplier);

    private List<String> checkLabels(String... labelValues) {
        if (labelValues.length != labelNames.size()) {
            throw new IllegalArgumentException("metric " + name + " has labels " + labelNames
                + ", got values " + Arrays.toString(labelValues));
        }
        return List.of(labelValues);
    }
}
