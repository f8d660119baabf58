package io.trunkline.fastpath.packet;

import static io.trunkline.fastpath.packet.NetworkOrder.set16;
import static io.trunkline.fastpath.packet.NetworkOrder.set8;

import io.trunkline.fastpath.packet.Headers.Gue;
import io.trunkline.fastpath.packet.Headers.Udp;
import java.lang.foreign.MemorySegment;

/**
 * GUE encapsulation (draft-ietf-intarea-gue, variant 0) for backends on other subnets: outer IPv4 +
 * UDP + 4-byte GUE header between the L2 header and the client's packet. The UDP source port comes
 * from the inner flow's hash so routers spreading by 5-tuple (ECMP) keep one flow on one path and
 * spread different flows; the UDP checksum is 0, which IPv4 allows and GUE permits. One per worker:
 * not thread-safe.
 *
 * <p>Used exactly as {@link IpIpEncapsulator}, with {@link #OVERHEAD} = 32 bytes of headroom:
 * on OK the worker calls {@code mbuf.adjustStart(-GueEncapsulator.OVERHEAD)}.
 */
public final class GueEncapsulator {
    public static final int OVERHEAD = Headers.Ipv4.MIN_LENGTH + Udp.LENGTH + Gue.LENGTH;
    /** Source ports come from the dynamic range 49152-65535 (RFC 6335), like other UDP tunnels. */
    static final int SOURCE_PORT_BASE = 0xC000;

    private final int dispatcherAddress;
    private final int destinationPort;
    private final int mtu;
    private int identification;

    /** With the default destination port {@link Gue#DEFAULT_PORT}. */
    public GueEncapsulator(int dispatcherAddress, int mtu) {
        this(dispatcherAddress, Gue.DEFAULT_PORT, mtu);
    }

    /**
     * @param dispatcherAddress the outer source: this dispatcher's IPv4 address
     * @param destinationPort the UDP port the backends decapsulate GUE on
     * @param mtu the largest IP packet the outgoing link carries
     */
    public GueEncapsulator(int dispatcherAddress, int destinationPort, int mtu) {
        this.dispatcherAddress = dispatcherAddress;
        this.destinationPort = destinationPort;
        this.mtu = mtu;
    }

    /**
     * Encapsulates the parsed packet towards {@code backendAddress}; nothing is written unless OK.
     *
     * @param flowHash the inner flow's hash (the same for every packet of the flow)
     * @param headroom bytes available before {@code view.base()} in its segment (mbuf headroom)
     */
    public Verdict encapsulate(PacketParser view, int backendAddress, int flowHash, int headroom) {
        Verdict verdict = OuterIpv4.check(view, OVERHEAD, headroom, mtu);
        if (verdict != Verdict.OK) {
            return verdict;
        }
        long frameStart = OuterIpv4.moveL2Header(view, OVERHEAD);
        MemorySegment segment = view.segment();
        long ip = frameStart + view.l3Offset();
        OuterIpv4.write(segment, ip, view, view.ipLength() + OVERHEAD, identification++ & 0xFFFF,
                Headers.PROTOCOL_UDP, dispatcherAddress, backendAddress);
        long udp = ip + Headers.Ipv4.MIN_LENGTH;
        set16(segment, udp + Udp.SOURCE_PORT, sourcePort(flowHash));
        set16(segment, udp + Udp.DESTINATION_PORT, destinationPort);
        set16(segment, udp + Udp.LENGTH_FIELD, view.ipLength() + Udp.LENGTH + Gue.LENGTH);
        set16(segment, udp + Udp.CHECKSUM, 0);
        long gue = udp + Udp.LENGTH;
        set8(segment, gue + Gue.VERSION_CONTROL_HLEN, 0);
        set8(segment, gue + Gue.PROTOCOL, OuterIpv4.innerProtocol(view));
        set16(segment, gue + Gue.FLAGS, 0);
        return Verdict.OK;
    }

    /** The outer UDP source port for a flow hash: both halves of the hash folded into 14 bits. */
    public static int sourcePort(int flowHash) {
        return SOURCE_PORT_BASE | ((flowHash ^ flowHash >>> 16) & 0x3FFF);
    }

    /** The largest inner packet that fits: the MTU to report in ICMP frag-needed / packet-too-big. */
    public int innerMtu() {
        return mtu - OVERHEAD;
    }
}
