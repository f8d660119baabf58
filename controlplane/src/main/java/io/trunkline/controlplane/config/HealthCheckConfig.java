package io.trunkline.controlplane.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The health check of a pool's backends, damped like HAProxy's: a backend goes up after
 * {@code rise} passing checks in a row and down after {@code fall} failing ones.
 *
 * @param type     TCP connect, HTTP GET, or none (backends always up)
 * @param path     the HTTP request path (HTTP only)
 * @param expect   the expected HTTP status (HTTP only)
 * @param interval time between two checks of one backend
 * @param timeout  how long one check may take, less than the interval
 * @param rise     passing checks in a row before a backend is up
 * @param fall     failing checks in a row before a backend is down
 */
public record HealthCheckConfig(Type type, String path, int expect, Duration interval, Duration timeout, int rise,
                                int fall) {
    /** HAProxy's defaults (inter 2s, rise 2, fall 3) with a TCP connect check. */
    public static final HealthCheckConfig DEFAULT =
            new HealthCheckConfig(Type.TCP, "/", 200, Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 3);

    public HealthCheckConfig {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
    }

    /** Kind of check. */
    public enum Type { TCP, HTTP, NONE }
}
