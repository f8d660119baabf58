package io.trunkline.fastpath.worker;

/** How a VIP's packets reach the chosen backend. */
public enum ForwardingMode {
    /** Direct server return: only the destination MAC changes; the backend holds the VIP on loopback and answers the client itself. */
    DSR,
    /** Destination NAT inbound, source NAT on the return path, which must come back through a dispatcher. */
    NAT,
    /** IPv4-in-IPv4 (or IPv6-in-IPv4) to a backend on another subnet, which decapsulates and answers directly. */
    IPIP,
    /** Generic UDP encapsulation (GUE variant 0): like IPIP, with UDP source ports that spread over ECMP paths. */
    GUE
}
