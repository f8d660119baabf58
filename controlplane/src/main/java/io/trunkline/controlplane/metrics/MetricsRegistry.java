package io.trunkline.controlplane.metrics;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.regex.Pattern;

/**
 * Where the daemon declares its metrics. Every metric is callback-based: its values are read
 * from suppliers when Prometheus scrapes, so counters kept in shared memory by fast-path workers
 * are exposed as they are, with no copying thread.
 *
 * <p>Owns its own Prometheus registry (not the library's global default), so two daemons in one
 * test JVM do not see each other's metrics. Families are declared once; series come and go.
 */
public final class MetricsRegistry {
    // The classic Prometheus name rules. The 1.10 library also accepts other UTF-8 names and
    // quotes them in the output, which older scrapers and PromQL without quoting cannot read.
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private final PrometheusRegistry prometheus = new PrometheusRegistry();

    /**
     * Declares a counter family. Prometheus exposes it with the {@code _total} suffix; give the
     * name with or without it.
     *
     * @throws IllegalArgumentException when the name is taken or not a valid metric name
     */
    public CounterFamily counter(String name, String help, String... labelNames) {
        checkNames(name, labelNames);
        CounterFamily family = new CounterFamily(name, labelNames);
        CounterWithCallback.builder()
            .name(name)
            .help(help)
            .labelNames(labelNames)
            .callback(callback -> family.collect(callback::call))
            .register(prometheus);
        return family;
    }

    /**
     * Declares a gauge family.
     *
     * @throws IllegalArgumentException when the name is taken or not a valid metric name
     */
    public GaugeFamily gauge(String name, String help, String... labelNames) {
        checkNames(name, labelNames);
        GaugeFamily family = new GaugeFamily(name, labelNames);
        GaugeWithCallback.builder()
            .name(name)
            .help(help)
            .labelNames(labelNames)
            .callback(callback -> family.collect(callback::call))
            .register(prometheus);
        return family;
    }

    private static void checkNames(String name, String... labelNames) {
        if (!METRIC_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("metric name \"" + name + "\" is not [a-zA-Z_:][a-zA-Z0-9_:]*");
        }
        for (String label : labelNames) {
            if (!LABEL_NAME.matcher(label).matches()) {
                throw new IllegalArgumentException("metric " + name + ": label name \"" + label
                    + "\" is not [a-zA-Z_][a-zA-Z0-9_]*");
            }
        }
    }

    PrometheusRegistry prometheus() {
        return prometheus;
    }
}
