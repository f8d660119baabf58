package io.trunkline.controlplane.config;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The BGP sessions through which BIRD announces this dispatcher's VIPs (a /32 or /128 each) to the
 * routers in front. Single hop: every neighbour is on a port's network.
 *
 * @param localAs    this dispatcher's AS number (4-byte ASNs allowed)
 * @param routerId   the BGP router id; absent: the first IPv4 address of the first port that has one
 * @param announce   whether the VIPs are announced at all; false keeps the sessions up and exports nothing
 * @param holdTime   the hold time offered to the routers, whole seconds
 * @param keepalive  the keepalive interval, whole seconds, shorter than the hold time
 * @param neighbours the routers
 */
public record BgpConfig(long localAs, Optional<InetAddress> routerId, boolean announce, Duration holdTime,
                        Duration keepalive, List<BgpNeighbourConfig> neighbours) {
    public static final boolean DEFAULT_ANNOUNCE = true;
    /** Data-centre BGP timers (FRR's datacenter profile); the router's BFD detects a failure long before. */
    public static final Duration DEFAULT_HOLD_TIME = Duration.ofSeconds(9);
    public static final Duration DEFAULT_KEEPALIVE = Duration.ofSeconds(3);

    public BgpConfig {
        Objects.requireNonNull(routerId, "routerId");
        Objects.requireNonNull(holdTime, "holdTime");
        Objects.requireNonNull(keepalive, "keepalive");
        neighbours = List.copyOf(neighbours);
    }
}
