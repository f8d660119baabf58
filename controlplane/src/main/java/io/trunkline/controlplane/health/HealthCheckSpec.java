package io.trunkline.controlplane.health;

import java.time.Duration;
import java.util.Objects;

/**
 * How the backends of one pool are checked. The defaults are HAProxy's: a check every 2 s,
 * UP after 2 consecutive successes, DOWN after 3 consecutive failures, and a check timeout
 * equal to the interval (HAProxy's behaviour when {@code timeout check} is not set).
 *
 * @param type         TCP connect, HTTP GET, or no check at all
 * @param path         HTTP request target, e.g. {@code /health}; ignored unless HTTP
 * @param expectStatus the HTTP status that counts as a success; ignored unless HTTP
 * @param interval     time between the starts of two checks of one backend
 * @param timeout      longest a check may take, connect and response together; at most the interval
 * @param rise         consecutive successes that bring a DOWN backend UP
 * @param fall         consecutive failures that take an UP backend DOWN
 */
public record HealthCheckSpec(Type type, String path, int expectStatus, Duration interval, Duration timeout,
                              int rise, int fall) {
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);
    public static final int DEFAULT_RISE = 2;
    public static final int DEFAULT_FALL = 3;

    /** The kind of probe. */
    public enum Type {
        /** A TCP connect through the kernel stack; success when the handshake completes. */
        TCP,
        /** An HTTP/1.1 GET; success when the status line carries the expected status. */
        HTTP,
        /** No probe: the backend is always UP (a HAProxy server without {@code check}). */
        NONE
    }

    public HealthCheckSpec {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
        require(interval.toMillis() > 0, "interval must be at least 1 ms, not " + interval.toMillis() + " ms");
        require(timeout.toMillis() > 0, "timeout must be at least 1 ms, not " + timeout.toMillis() + " ms");
        require(timeout.compareTo(interval) <= 0,
            "timeout " + timeout.toMillis() + " ms exceeds the interval " + interval.toMillis() + " ms");
        require(rise >= 1, "rise must be at least 1, not " + rise);
        require(fall >= 1, "fall must be at least 1, not " + fall);
        if (type == Type.HTTP) {
            require(path.startsWith("/"), "HTTP path must start with '/': \"" + path + "\"");
            require(path.chars().allMatch(c -> c > 0x20 && c < 0x7f),
                "HTTP path must be printable ASCII without spaces: \"" + path + "\"");
            require(expectStatus >= 100 && expectStatus <= 599, "expected HTTP status must be 100..599, not " + expectStatus);
        }
    }

    /** A TCP connect check with the default interval, timeout, rise and fall. */
    public static HealthCheckSpec tcp() {
        return new HealthCheckSpec(Type.TCP, "/", 200, DEFAULT_INTERVAL, DEFAULT_INTERVAL, DEFAULT_RISE, DEFAULT_FALL);
    }

    /** An HTTP GET of {@code path} expecting {@code expectStatus}, with the default timing. */
    public static HealthCheckSpec http(String path, int expectStatus) {
        return new HealthCheckSpec(Type.HTTP, path, expectStatus, DEFAULT_INTERVAL, DEFAULT_INTERVAL, DEFAULT_RISE, DEFAULT_FALL);
    }

    /** No checks: backends are always UP. */
    public static HealthCheckSpec none() {
        return new HealthCheckSpec(Type.NONE, "/", 200, DEFAULT_INTERVAL, DEFAULT_INTERVAL, DEFAULT_RISE, DEFAULT_FALL);
    }

    /** This spec with another interval and timeout. */
    public HealthCheckSpec withTiming(Duration interval, Duration timeout) {
        return new HealthCheckSpec(type, path, expectStatus, interval, timeout, rise, fall);
    }

    /** This spec with other damping thresholds. */
    public HealthCheckSpec withRiseFall(int rise, int fall) {
        return new HealthCheckSpec(type, path, expectStatus, interval, timeout, rise, fall);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException("health check: " + message);
        }
    }
}
