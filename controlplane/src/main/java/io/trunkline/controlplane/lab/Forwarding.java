package io.trunkline.controlplane.lab;

import java.util.Locale;

/** How the lab's dispatchers forward VIP traffic to the backends, and so how the backends are set up. */
public enum Forwarding {
    /**
     * Direct server return: the dispatcher rewrites the destination MAC only; each backend holds the VIPs on
     * its loopback (ARP for them suppressed) and answers the client straight through the router.
     */
    DSR,
    /**
     * Destination NAT to the backend's own address; the backend's answer must come back through a dispatcher
     * (which puts the VIP back as its source). The router sends what the backends send to the clients over a
     * return route through every dispatcher, each next hop kept only while its BFD session is up.
     */
    NAT;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Forwarding parse(String text) {
        for (Forwarding forwarding : values()) {
            if (forwarding.label().equals(text)) {
                return forwarding;
            }
        }
        throw new IllegalArgumentException("forwarding \"" + text + "\": dsr or nat");
    }
}
