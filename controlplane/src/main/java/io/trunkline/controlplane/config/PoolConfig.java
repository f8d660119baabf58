package io.trunkline.controlplane.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A group of backends that serves one or more VIPs, with its health check.
 *
 * @param name          operator-facing name, unique among the pools
 * @param health        how the backends are checked
 * @param onBackendDown what happens to the sessions of a backend that goes down
 * @param backends      the servers, in the order the file lists them
 */
public record PoolConfig(String name, HealthCheckConfig health, BackendDownPolicy onBackendDown,
                         List<BackendConfig> backends) {
    public PoolConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(onBackendDown, "onBackendDown");
        backends = List.copyOf(backends);
    }

    /** The same pool with other backends. */
    public PoolConfig withBackends(List<BackendConfig> newBackends) {
        return new PoolConfig(name, health, onBackendDown, newBackends);
    }

    /** The backend of that name, if the pool has one. */
    public Optional<BackendConfig> backend(String backendName) {
        return backends.stream().filter(b -> b.name().equals(backendName)).findFirst();
    }

    /**
     * Sessions of a backend that goes down: keep them (the backend may come back before the
     * client notices), reset them (RST to the client), or reassign them to another backend.
     */
    public enum BackendDownPolicy { KEEP, RESET, REASSIGN }
}
