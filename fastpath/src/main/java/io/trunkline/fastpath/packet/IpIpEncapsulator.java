package io.trunkline.fastpath.packet;

import java.lang.foreign.MemorySegment;

/**
 * IP-in-IP (RFC 2003; IPv6-in-IPv4 as RFC 4213 protocol 41) for backends on other subnets: an outer
 * IPv4 header from the dispatcher to the backend goes between the L2 header and the client's packet,
 * which is left untouched. Outer TTL 64, DF copied from the inner packet (always set for IPv6),
 * identification from a per-encapsulator counter. One per worker: not thread-safe.
 *
 * <p>The 20 bytes are written <em>before</em> the frame: the L2 header moves back by {@link #OVERHEAD}
 * into the headroom and the outer header fills the gap. The worker must then move the mbuf's start:
 * <pre>{@code
 * Verdict v = ipip.encapsulate(view, backend, mbuf.headroom());
 * if (v == Verdict.OK) { mbuf.adjustStart(-IpIpEncapsulator.OVERHEAD); dsr.rewrite(ALL_MEMORY, mbuf.dataAddress(), nextHopMac); }
 * else if (v == Verdict.FRAGMENTATION_NEEDED) { answer ICMP frag-needed / packet-too-big with mtu - OVERHEAD }
 * else { count v and drop }
 * }</pre>
 * The view describes the inner packet at its old position afterwards; re-parse to inspect the result.
 */
public final class IpIpEncapsulator {
    public static final int OVERHEAD = Headers.Ipv4.MIN_LENGTH;

    private final int dispatcherAddress;
    private final int mtu;
    private int identification;

    /**
     * @param dispatcherAddress the outer source: this dispatcher's IPv4 address
     * @param mtu the largest IP packet the outgoing link carries (1500 on plain Ethernet)
     */
    public IpIpEncapsulator(int dispatcherAddress, int mtu) {
        this.dispatcherAddress = dispatcherAddress;
        this.mtu = mtu;
    }

    /**
     * Encapsulates the parsed packet towards {@code backendAddress}. Nothing is written unless the
     * verdict is OK.
     *
     * @param headroom bytes available before {@code view.base()} in its segment (mbuf headroom)
     */
    public Verdict encapsulate(PacketParser view, int backendAddress, int headroom) {
        Verdict verdict = OuterIpv4.check(view, OVERHEAD, headroom, mtu);
        if (verdict != Verdict.OK) {
            return verdict;
        }
        long frameStart = OuterIpv4.moveL2Header(view, OVERHEAD);
        MemorySegment segment = view.segment();
        OuterIpv4.write(segment, frameStart + view.l3Offset(), view, view.ipLength() + OVERHEAD, identification++ & 0xFFFF,
                OuterIpv4.innerProtocol(view), dispatcherAddress, backendAddress);
        return Verdict.OK;
    }

    /** The largest inner packet that fits: the MTU to report in ICMP frag-needed / packet-too-big. */
    public int innerMtu() {
        return mtu - OVERHEAD;
    }
}
