package io.trunkline.controlplane.config;

import java.util.Objects;
import java.util.Optional;

/**
 * How the router in front finds this dispatcher: BGP announcement of the VIPs through BIRD, the
 * BFD timers the fast path answers the router with, and where BIRD's files live.
 *
 * @param bgp  VIP announcement; absent: no BIRD runs and the router is configured statically
 * @param bfd  the intervals the fast path offers the router's BFD sessions
 * @param bird the BIRD binary and the files the daemon gives it
 */
public record RoutingConfig(Optional<BgpConfig> bgp, BfdConfig bfd, BirdConfig bird) {
    public static final RoutingConfig DEFAULT = new RoutingConfig(Optional.empty(), BfdConfig.DEFAULT, BirdConfig.DEFAULT);

    public RoutingConfig {
        Objects.requireNonNull(bgp, "bgp");
        Objects.requireNonNull(bfd, "bfd");
        Objects.requireNonNull(bird, "bird");
    }
}
