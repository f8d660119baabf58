package io.trunkline.controlplane.lab;

import java.util.List;

/**
 * The lab at one instant, as {@code lab status} and the demo's live view show it: each dispatcher as its
 * admin socket reports it, each backend as the shared session table and its server process say, and what
 * the router sees (its kernel routes to the VIPs and, with NAT, back to the clients; its BFD and BGP sessions).
 *
 * @param returnHops4 NAT: the next hops of the router's return route to the IPv4 client network; empty with DSR
 * @param returnHops6 the same for IPv6
 */
public record LabStatus(String name, RouterMode mode, Forwarding forwarding, List<Dispatcher> dispatchers, List<Backend> backends,
                        List<String> nextHops4, List<String> nextHops6, List<String> returnHops4, List<String> returnHops6,
                        List<RouterSession> routerSessions) {
    public LabStatus {
        returnHops4 = List.copyOf(returnHops4);
        returnHops6 = List.copyOf(returnHops6);
        dispatchers = List.copyOf(dispatchers);
        backends = List.copyOf(backends);
        nextHops4 = List.copyOf(nextHops4);
        nextHops6 = List.copyOf(nextHops6);
        routerSessions = List.copyOf(routerSessions);
    }

    /**
     * @param readiness    JOINING, SNAPSHOTTING, READY; empty when its admin socket does not answer
     * @param sessions     entries in its copy of the shared table
     * @param rxPackets    packets its fast path received on the data port
     * @param lagMaxMillis the largest replication lag it measured from any peer
     */
    public record Dispatcher(String name, String address, long pid, boolean alive, String readiness, long sessions,
                             long rxPackets, int peersUp, int peers, long lagMaxMillis) {
    }

    /** @param sessions sessions on it in the shared table (asked of a live dispatcher), -1 when none answers */
    public record Backend(String name, String address, int weight, boolean alive, long sessions) {
    }

    /** One dispatcher as the router sees it: its BFD session and (ecmp) its BGP session. */
    public record RouterSession(String dispatcher, String bfd, String bgp) {
    }
}
