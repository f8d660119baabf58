package io.trunkline.fastpath.packet;

import static io.trunkline.fastpath.packet.NetworkOrder.set16;
import static io.trunkline.fastpath.packet.NetworkOrder.set32;
import static io.trunkline.fastpath.packet.NetworkOrder.set8;

import io.trunkline.fastpath.packet.Headers.Ipv4;
import java.lang.foreign.MemorySegment;

/**
 * What IP-in-IP and GUE share: the MTU and headroom checks, moving the L2 header, the outer IPv4 header (which
 * {@link PacketTooBigWriter} writes too, for its ICMP answers).
 */
final class OuterIpv4 {
    private OuterIpv4() {
    }

    static final int TTL = 64;

    static Verdict check(PacketParser view, int overhead, int headroom, int mtu) {
        if (view.ipLength() + overhead > mtu) {
            return view.dontFragment() ? Verdict.FRAGMENTATION_NEEDED : Verdict.EXCEEDS_MTU;
        }
        return headroom < overhead ? Verdict.NO_HEADROOM : Verdict.OK;
    }

    /** Moves the L2 header, VLAN tags included, {@code overhead} bytes earlier and makes its ethertype IPv4; returns the new frame start. */
    static long moveL2Header(PacketParser view, int overhead) {
        MemorySegment segment = view.segment();
        long frameStart = view.base() - overhead;
        MemorySegment.copy(segment, view.base(), segment, frameStart, view.l3Offset());
        set16(segment, frameStart + view.l3Offset() - 2, Headers.ETHERTYPE_IPV4);
        return frameStart;
    }

    /** Writes a 20-byte outer IPv4 header with a valid checksum; TOS (DSCP and ECN) and DF are copied from the inner packet. */
    static void write(MemorySegment segment, long at, PacketParser inner, int totalLength, int identification,
                      int protocol, int source, int destination) {
        write(segment, at, inner.trafficClass(), inner.dontFragment(), totalLength, identification, protocol, source, destination);
    }

    /** Writes a 20-byte IPv4 header, no options, with a valid checksum: a tunnel's outer header or an answer of the fast path's own. */
    static void write(MemorySegment segment, long at, int tos, boolean dontFragment, int totalLength, int identification,
                      int protocol, int source, int destination) {
        set8(segment, at + Ipv4.VERSION_IHL, 0x45);
        set8(segment, at + Ipv4.TOS, tos);
        set16(segment, at + Ipv4.TOTAL_LENGTH, totalLength);
        set16(segment, at + Ipv4.IDENTIFICATION, identification);
        set16(segment, at + Ipv4.FLAGS_FRAGMENT_OFFSET, dontFragment ? Ipv4.FLAG_DONT_FRAGMENT : 0);
        set8(segment, at + Ipv4.TTL, TTL);
        set8(segment, at + Ipv4.PROTOCOL, protocol);
        set16(segment, at + Ipv4.CHECKSUM, 0);
        set32(segment, at + Ipv4.SOURCE, source);
        set32(segment, at + Ipv4.DESTINATION, destination);
        Checksums.writeIpv4HeaderChecksum(segment, at, Ipv4.MIN_LENGTH);
    }

    static int innerProtocol(PacketParser view) {
        return view.ipVersion() == 4 ? Headers.PROTOCOL_IPIP : Headers.PROTOCOL_IPV6;
    }
}
