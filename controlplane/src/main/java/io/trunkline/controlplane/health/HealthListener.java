package io.trunkline.controlplane.health;

/**
 * Told when a backend's damped health state changes; the daemon rebuilds the selection tables
 * of the backend's pool and applies the pool's policy for the sessions a DOWN backend holds.
 *
 * <p>Called on the health checker's agent thread: return quickly (hand the change to the
 * conductor) and do not throw, the state has already changed when this is called.
 */
@FunctionalInterface
public interface HealthListener {
    /**
     * @param backend  the backend whose state changed
     * @param oldState the state before
     * @param newState the state now
     * @param reason   one line for the operator, e.g. {@code "HTTP 503, expected 200 (3 consecutive failures)"}
     */
    void onChange(BackendKey backend, HealthState oldState, HealthState newState, String reason);
}
