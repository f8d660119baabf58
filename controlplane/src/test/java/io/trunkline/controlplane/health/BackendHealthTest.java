package io.trunkline.controlplane.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The damping state machine alone: rise and fall thresholds, and results that restart the count. */
class BackendHealthTest {
    private static final int RISE = 2;
    private static final int FALL = 3;
    private final BackendKey key = new BackendKey("web", "b1");

    @Test
    void upGoesDownOnlyAfterFallConsecutiveFailures() {
        BackendHealth health = new BackendHealth(key, HealthState.UP);
        assertFalse(health.recordFailure("HTTP 503, expected 200", FALL));
        assertFalse(health.recordFailure("HTTP 503, expected 200", FALL));
        assertEquals(HealthState.UP, health.state());
        assertTrue(health.recordFailure("timeout after 1000 ms (connecting)", FALL));
        assertEquals(HealthState.DOWN, health.state());
        assertEquals("timeout after 1000 ms (connecting)", health.lastError());
        assertFalse(health.recordFailure("connect refused", FALL), "already DOWN: no second change");
    }

    @Test
    void aSuccessRestartsTheFailureCount() {
        BackendHealth health = new BackendHealth(key, HealthState.UP);
        health.recordFailure("connect refused", FALL);
        health.recordFailure("connect refused", FALL);
        health.recordSuccess("TCP connect ok", 1_000, RISE);
        health.recordFailure("connect refused", FALL);
        assertFalse(health.recordFailure("connect refused", FALL));
        assertEquals(HealthState.UP, health.state());
        assertTrue(health.recordFailure("connect refused", FALL));
    }

    @Test
    void downComesUpOnlyAfterRiseConsecutiveSuccesses() {
        BackendHealth health = new BackendHealth(key, HealthState.DOWN);
        assertFalse(health.recordSuccess("HTTP 200", 10, RISE));
        health.recordFailure("HTTP 500, expected 200", FALL);
        assertFalse(health.recordSuccess("HTTP 200", 10, RISE), "the failure restarted the count");
        assertTrue(health.recordSuccess("HTTP 200", 20, RISE));
        assertEquals(HealthState.UP, health.state());
        assertEquals(4, health.checks());
        assertEquals(3, health.successes());
        assertEquals(1, health.failures());
        assertEquals(20, health.lastLatencyNanos());
        assertEquals("HTTP 200", health.lastResult());
        assertEquals("HTTP 500, expected 200", health.lastError());
    }

    @Test
    void countersStartEmpty() {
        BackendHealth health = new BackendHealth(key, HealthState.UP);
        assertEquals(0, health.checks());
        assertEquals(-1, health.lastLatencyNanos());
        assertEquals("", health.lastResult());
        assertEquals("", health.lastError());
    }
}
