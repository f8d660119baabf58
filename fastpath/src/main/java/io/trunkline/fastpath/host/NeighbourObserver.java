package io.trunkline.fastpath.host;

/**
 * Where the fast path reports the link-layer addresses it sees in ARP and neighbour discovery: the hook
 * for the neighbour table that resolves routers and backends. Called on the worker thread for every
 * well-formed ARP packet with a sender address and every solicitation or advertisement with a link-layer
 * option, before the packet is answered or dropped. An implementation must not block or allocate: hand
 * the observation to the neighbour table through a queue.
 */
public interface NeighbourObserver {
    /** Observes nothing. */
    NeighbourObserver NONE = new NeighbourObserver() {
        @Override
        public void ipv4(int port, int address, long mac) {
        }

        @Override
        public void ipv6(int port, long high, long low, long mac) {
        }
    };

    /** On port {@code port} (worker port index), {@code address} is at {@code mac}. */
    void ipv4(int port, int address, long mac);

    /** On port {@code port}, the IPv6 address (high, low) is at {@code mac}. */
    void ipv6(int port, long high, long low, long mac);
}
