package io.trunkline.controlplane.config;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * A server of a pool.
 *
 * @param name           operator-facing name, unique within its pool
 * @param address        the server's address (health checks go there; NAT rewrites to it)
 * @param port           the server's port; 0 means the port of the VIP the session came for
 * @param weight         0..65535; 0 drains the backend: no new sessions, existing ones continue
 * @param maxConnections concurrent sessions allowed on this backend; 0 means no limit
 * @param mac            the server's MAC, when it should not be resolved by ARP/ND
 * @param nextHop        the router towards the server, when it is not on-link
 */
public record BackendConfig(String name, InetAddress address, int port, int weight, int maxConnections,
                            Optional<MacAddress> mac, Optional<InetAddress> nextHop) {
    public static final int DEFAULT_WEIGHT = 100;

    public BackendConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(nextHop, "nextHop");
    }

    /** A drained backend takes no new sessions; its existing sessions continue. */
    public boolean drained() {
        return weight == 0;
    }
}
