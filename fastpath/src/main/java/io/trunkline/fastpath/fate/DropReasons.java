package io.trunkline.fastpath.fate;

import io.trunkline.fastpath.packet.Verdict;
import java.util.ArrayList;
import java.util.List;

/**
 * Why the worker dropped a packet: the parser's verdicts under their own codes, then the worker's
 * own reasons after {@link Verdict#CODE_LIMIT}. The counter layout is built from {@link #names()}.
 */
public final class DropReasons {
    private DropReasons() {
    }

    /** Neither for a VIP, nor a NAT reply from a backend, nor for one of the dispatcher's own addresses. */
    public static final int NOT_FOR_VIP = Verdict.CODE_LIMIT;
    /** A VIP whose backends all have weight 0 or are gone. */
    public static final int NO_BACKEND = Verdict.CODE_LIMIT + 1;
    /** The transmit queue was full. */
    public static final int TX_FULL = Verdict.CODE_LIMIT + 2;
    /** A tunnel VIP whose backend has an IPv6 address: outer headers are IPv4 only. */
    public static final int TUNNEL_FAMILY = Verdict.CODE_LIMIT + 3;

    /**
     * For one of the dispatcher's own addresses, nothing the fast path answers itself (BGP, SSH, ICMP echo), and no
     * kernel exception path on its port. {@code host.HostTraffic#toKernel} is the one place that decides it.
     */
    public static final int HOST_UNHANDLED = Verdict.CODE_LIMIT + 4;
    /** ARP that is not Ethernet/IPv4, has bad lengths or an unknown operation. */
    public static final int ARP_MALFORMED = Verdict.CODE_LIMIT + 5;
    /** Well-formed ARP the fast path does not answer: requests for other addresses, replies, gratuitous ARP. */
    public static final int ARP_IGNORED = Verdict.CODE_LIMIT + 6;
    /** Neighbour discovery with a hop limit other than 255: it did not come from the link (RFC 4861 section 7.1). */
    public static final int ND_BAD_HOP_LIMIT = Verdict.CODE_LIMIT + 7;
    /** Neighbour discovery whose ICMPv6 checksum is wrong. */
    public static final int ND_BAD_CHECKSUM = Verdict.CODE_LIMIT + 8;
    /** Neighbour discovery failing another RFC 4861 validity check (code, length, options, target, DAD form). */
    public static final int ND_MALFORMED = Verdict.CODE_LIMIT + 9;
    /** Valid neighbour discovery the fast path does not answer: solicitations for other targets, advertisements, RS/RA. */
    public static final int ND_IGNORED = Verdict.CODE_LIMIT + 10;
    /** A BFD control packet failing RFC 5880 section 6.8.6 (version, length, detect mult, M bit, discriminators) or its UDP checksum. */
    public static final int BFD_MALFORMED = Verdict.CODE_LIMIT + 11;
    /** A BFD packet whose TTL or hop limit is not 255 (RFC 5881 section 5): not from a neighbour on the link. */
    public static final int BFD_TTL = Verdict.CODE_LIMIT + 12;
    /** A BFD packet with the A bit set: no session here uses authentication. */
    public static final int BFD_AUTH = Verdict.CODE_LIMIT + 13;
    /** A BFD packet from a source that is not a configured peer, or for a discriminator no session has. */
    public static final int BFD_NO_SESSION = Verdict.CODE_LIMIT + 14;
    /** A BFD packet received by a worker that does not run BFD, and the hand-off to the one that does was full. */
    public static final int BFD_HANDOFF_FULL = Verdict.CODE_LIMIT + 15;
    /** For the kernel exception path, beyond its rate (token bucket): the kernel is protected from floods. */
    public static final int KERNEL_RATE_LIMIT = Verdict.CODE_LIMIT + 16;
    /** For the kernel exception path, and the kernel port's transmit queue was full. */
    public static final int KERNEL_TX_FULL = Verdict.CODE_LIMIT + 17;
    /**
     * Too big for its tunnel with DF set (or IPv6), and the ICMP frag-needed / packet-too-big answer beyond its rate
     * (a token bucket per worker), so a flood of big packets cannot make the fast path an ICMP amplifier.
     */
    public static final int TOO_BIG_RATE_LIMIT = Verdict.CODE_LIMIT + 18;

    private static final String[] WORKER_REASONS = {"NOT_FOR_VIP", "NO_BACKEND", "TX_FULL", "TUNNEL_FAMILY",
        "HOST_UNHANDLED", "ARP_MALFORMED", "ARP_IGNORED", "ND_BAD_HOP_LIMIT", "ND_BAD_CHECKSUM", "ND_MALFORMED", "ND_IGNORED",
        "BFD_MALFORMED", "BFD_TTL", "BFD_AUTH", "BFD_NO_SESSION", "BFD_HANDOFF_FULL", "KERNEL_RATE_LIMIT", "KERNEL_TX_FULL", "TOO_BIG_RATE_LIMIT"};

    /** Every reason's name, indexed by code; codes no verdict uses are named by number. */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        for (int code = 0; code < Verdict.CODE_LIMIT; code++) {
            names.add(nameOf(code));
        }
        names.addAll(List.of(WORKER_REASONS));
        return names;
    }

    private static String nameOf(int code) {
        Verdict verdict = Verdict.ofCode(code);
        return verdict == null ? "CODE_" + code : verdict.name();
    }
}
