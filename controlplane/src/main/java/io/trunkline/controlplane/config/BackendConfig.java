package io.trunkline.controlplane.config;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * A server of a pool.
 *
 * @param name           operator-facing name, unique within its pool
 * @param id             the number sessions name this backend by, in the shared table and on the wire to the peers:
 *                       1..{@value #MAX_ID}, unique over all pools, the same on every dispatcher; 0 in a file
 *                       means "assign one" ({@link TrunklineConfig} gives it the lowest free id)
 * @param address        the server's address (health checks go there; NAT rewrites to it)
 * @param port           the server's port; 0 means the port of the VIP the session came for
 * @param weight         0..65535; 0 drains the backend: no new sessions, existing ones continue
 * @param maxConnections concurrent sessions allowed on this backend; 0 means no limit
 * @param mac            the server's MAC, when it should not be resolved by ARP/ND
 * @param nextHop        the router towards the server, when it is not on-link
 * @param state          what the operator set: in service, draining or out of service
 */
public record BackendConfig(String name, int id, InetAddress address, int port, int weight, int maxConnections,
                            Optional<MacAddress> mac, Optional<InetAddress> nextHop, AdminState state) {
    public static final int DEFAULT_WEIGHT = 100;
    /** Backend ids range over 1..MAX_ID; the fast path sizes its per-backend arrays by it. */
    public static final int MAX_ID = 4095;
    /** The id of a backend the file gives none. */
    public static final int UNASSIGNED = 0;

    public BackendConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(nextHop, "nextHop");
        Objects.requireNonNull(state, "state");
    }

    /** A drained backend (state drain, or weight 0) takes no new sessions; its existing sessions continue. */
    public boolean drained() {
        return state == AdminState.DRAIN || weight == 0;
    }

    /** The same backend with another operator state. */
    public BackendConfig withState(AdminState newState) {
        return new BackendConfig(name, id, address, port, weight, maxConnections, mac, nextHop, newState);
    }

    /** The same backend with another id. */
    public BackendConfig withId(int newId) {
        return new BackendConfig(name, newId, address, port, weight, maxConnections, mac, nextHop, state);
    }

    /** The same backend with another weight. */
    public BackendConfig withWeight(int newWeight) {
        return new BackendConfig(name, id, address, port, newWeight, maxConnections, mac, nextHop, state);
    }

    /**
     * The operator's say over a backend, apart from its health: {@code enabled} serves; {@code drain}
     * takes no new sessions while its existing ones finish; {@code disabled} is out of service, its
     * sessions following the pool's {@code on_backend_down} policy as if it had failed its checks.
     */
    public enum AdminState { ENABLED, DRAIN, DISABLED }
}
