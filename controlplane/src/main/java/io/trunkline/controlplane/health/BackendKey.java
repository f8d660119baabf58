package io.trunkline.controlplane.health;

import java.util.Objects;

/**
 * Names one backend of one pool: the identity health results, listener calls and metric labels
 * carry. The same backend name may appear in two pools and is checked once per pool.
 *
 * @param pool    the pool's name from the configuration
 * @param backend the backend's name within the pool
 */
public record BackendKey(String pool, String backend) {
    public BackendKey {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(backend, "backend");
    }

    @Override
    public String toString() {
        return pool + "/" + backend;
    }
}
