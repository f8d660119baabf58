package io.trunkline.controlplane.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HealthCheckSpecTest {
    @Test
    void defaultsAreHaproxys() {
        HealthCheckSpec spec = HealthCheckSpec.http("/health", 200);
        assertEquals(Duration.ofSeconds(2), spec.interval());
        assertEquals(Duration.ofSeconds(2), spec.timeout());
        assertEquals(2, spec.rise());
        assertEquals(3, spec.fall());
    }

    @Test
    void refusesATimeoutLongerThanTheInterval() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> HealthCheckSpec.tcp().withTiming(Duration.ofSeconds(1), Duration.ofSeconds(3)));
        assertEquals("health check: timeout 3000 ms exceeds the interval 1000 ms", e.getMessage());
    }

    @Test
    void refusesZeroThresholdsAndBadHttpFields() {
        assertEquals("health check: rise must be at least 1, not 0",
            assertThrows(IllegalArgumentException.class, () -> HealthCheckSpec.tcp().withRiseFall(0, 3)).getMessage());
        assertEquals("health check: fall must be at least 1, not 0",
            assertThrows(IllegalArgumentException.class, () -> HealthCheckSpec.tcp().withRiseFall(2, 0)).getMessage());
        assertEquals("health check: HTTP path must start with '/': \"health\"",
            assertThrows(IllegalArgumentException.class, () -> HealthCheckSpec.http("health", 200)).getMessage());
        assertEquals("health check: HTTP path must be printable ASCII without spaces: \"/a b\"",
            assertThrows(IllegalArgumentException.class, () -> HealthCheckSpec.http("/a b", 200)).getMessage());
        assertEquals("health check: expected HTTP status must be 100..599, not 42",
            assertThrows(IllegalArgumentException.class, () -> HealthCheckSpec.http("/", 42)).getMessage());
    }
}
