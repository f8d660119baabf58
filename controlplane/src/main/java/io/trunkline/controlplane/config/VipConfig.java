package io.trunkline.controlplane.config;

import java.net.InetAddress;
import java.util.Objects;

/**
 * A virtual service: traffic to {@code address:port/protocol} is spread over the backends of
 * {@code pool}. A VIP is identified by its name; its address, port and protocol are its endpoint.
 *
 * @param name     operator-facing name, unique among the VIPs
 * @param address  the virtual IP (IPv4 or IPv6)
 * @param port     1..65535
 * @param protocol TCP or UDP
 * @param mode     how packets reach the chosen backend
 * @param policy   how a new session chooses its backend
 * @param pool     the name of the pool serving this VIP
 */
public record VipConfig(String name, InetAddress address, int port, Protocol protocol, Mode mode, Policy policy,
                        String pool) {
    public VipConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(pool, "pool");
    }

    /** The layer 4 protocol of a VIP. */
    public enum Protocol { TCP, UDP }

    /**
     * Forwarding mode. DSR rewrites only the Ethernet header (the backend holds the VIP on its
     * loopback and answers the client directly); NAT rewrites the destination address and port;
     * IPIP and GUE encapsulate the client packet unchanged.
     */
    public enum Mode { DSR, NAT, IPIP, GUE }

    /** Backend selection: Maglev consistent hashing, weighted round robin, weighted least connections. */
    public enum Policy { MAGLEV, WRR, WLC }
}
