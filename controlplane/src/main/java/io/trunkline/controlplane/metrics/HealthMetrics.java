package io.trunkline.controlplane.metrics;

import io.trunkline.controlplane.health.BackendHealth;
import io.trunkline.controlplane.health.HealthChecker;
import io.trunkline.controlplane.health.HealthState;

/**
 * Exposes the health checker's view of every backend, read from its {@link BackendHealth}
 * objects at scrape time; backends added or removed later appear and disappear by themselves.
 */
public final class HealthMetrics {
    public static final String BACKEND_UP = "trunkline_backend_up";
    public static final String CHECKS_TOTAL = "trunkline_health_checks_total";
    public static final String LAST_LATENCY = "trunkline_health_check_latency_seconds";
    public static final String PROBES_IN_FLIGHT = "trunkline_health_probes_in_flight";

    private HealthMetrics() {
    }

    /** Declares the health metric families in {@code registry}, fed from {@code checker}. */
    public static void register(MetricsRegistry registry, HealthChecker checker) {
        registry.gauge(BACKEND_UP, "1 when the backend's damped health state is UP, 0 when DOWN", "pool", "backend")
            .sampler(sink -> {
                for (BackendHealth backend : checker.backends()) {
                    sink.accept(backend.state() == HealthState.UP ? 1 : 0, backend.key().pool(), backend.key().backend());
                }
            });
        registry.counter(CHECKS_TOTAL, "Health checks completed, by result (success or failure)", "pool", "backend", "result")
            .sampler(sink -> {
                for (BackendHealth backend : checker.backends()) {
                    sink.accept(backend.successes(), backend.key().pool(), backend.key().backend(), "success");
                    sink.accept(backend.failures(), backend.key().pool(), backend.key().backend(), "failure");
                }
            });
        registry.gauge(LAST_LATENCY, "Duration of the backend's last successful health check", "pool", "backend")
            .sampler(sink -> {
                for (BackendHealth backend : checker.backends()) {
                    long nanos = backend.lastLatencyNanos();
                    if (nanos >= 0) {
                        sink.accept(nanos / 1e9, backend.key().pool(), backend.key().backend());
                    }
                }
            });
        registry.gauge(PROBES_IN_FLIGHT, "Health check probes in flight now").series(checker::inFlightProbes);
    }
}
