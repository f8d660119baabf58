package io.trunkline.controlplane.lab;

import java.util.Locale;

/** How the lab's router spreads the VIPs' traffic over the dispatchers. */
public enum RouterMode {
    /**
     * BIRD 2 learns the VIPs from every dispatcher over BGP, each session protected by BFD, and installs
     * one ECMP route with L4 hashing ({@code fib_multipath_hash_policy=1}): how production balancers run.
     */
    ECMP,
    /**
     * No BGP: BIRD 2 holds a static ECMP route with every dispatcher as a next hop, each next hop kept
     * only while its BFD session is up (docs/routing.md, routers without BGP).
     */
    STATIC,
    /**
     * The seeds' port trunking: an nftables netdev ingress rule sends each packet to the next dispatcher
     * in turn ({@code numgen inc}), so a connection's packets reach every dispatcher.
     */
    SPRAY;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RouterMode parse(String text) {
        for (RouterMode mode : values()) {
            if (mode.label().equals(text)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("router mode \"" + text + "\": ecmp, static or spray");
    }
}
