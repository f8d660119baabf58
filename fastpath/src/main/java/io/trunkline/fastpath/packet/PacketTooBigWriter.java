package io.trunkline.fastpath.packet;

import static io.trunkline.fastpath.packet.NetworkOrder.set16;
import static io.trunkline.fastpath.packet.NetworkOrder.set32;
import static io.trunkline.fastpath.packet.NetworkOrder.set64;
import static io.trunkline.fastpath.packet.NetworkOrder.set8;

import io.trunkline.fastpath.packet.Headers.Icmp;
import io.trunkline.fastpath.packet.Headers.Ipv4;
import io.trunkline.fastpath.packet.Headers.Ipv6;
import java.lang.foreign.MemorySegment;

/**
 * Turns a packet too big for the tunnel it should enter into the ICMP answer path-MTU discovery needs, in place:
 * ICMP destination unreachable / fragmentation needed with the next-hop MTU (RFC 792, RFC 1191) for IPv4, ICMPv6
 * packet too big with the MTU (RFC 4443, RFC 8201) for IPv6, addressed back to the packet's source through the
 * router it came from (Ethernet addresses swapped, VLAN tags kept).
 * <pre>
 *   before  | L2 | IP header (options) | transport ...                  |
 *   IPv4    | L2 | IPv4 20 | ICMP 8 | quote: IP header + 8 bytes       |   RFC 792
 *   IPv6    | L2 | IPv6 40 | ICMPv6 8 | quote: as much as fits in 1280 |   RFC 4443 section 2.4 (c)
 * </pre>
 * The quote moves back by the headers written in front of it ({@code MemorySegment.copy} copies overlapping ranges
 * as a memmove does). Stateless per packet.
 */
public final class PacketTooBigWriter {
    /** The IPv6 minimum MTU (RFC 8200): an ICMPv6 error is no longer than this. */
    public static final int IPV6_MINIMUM_MTU = 1280;
    private static final int ICMPV6_PREFIX = Ipv6.LENGTH + Icmp.LENGTH;
    private static final int ICMPV4_PREFIX = Ipv4.MIN_LENGTH + Icmp.LENGTH;
    /** Bytes of the offending datagram's data an ICMPv4 error quotes after its IP header (RFC 792). */
    private static final int ICMPV4_QUOTED_DATA = 8;
    /** IP precedence "internetwork control", as routers mark the ICMP errors they originate. */
    private static final int TOS_INTERNETWORK_CONTROL = 0xC0;

    /**
     * Rewrites the IPv4 packet in the view into frag-needed from {@code source}, reporting {@code nextHopMtu}.
     *
     * @return the new frame length
     */
    public int rewriteIpv4(PacketParser view, int source, int nextHopMtu) {
        MemorySegment s = view.segment();
        long ip = view.base() + view.l3Offset();
        int client = view.ipv4Source();
        int quote = Math.min(view.ipLength(), view.l4Offset() - view.l3Offset() + ICMPV4_QUOTED_DATA);
        MemorySegment.copy(s, ip, s, ip + ICMPV4_PREFIX, quote);
        int icmpLength = Icmp.LENGTH + quote;
        TcpResetWriter.backToSender(s, view.base());
        OuterIpv4.write(s, ip, TOS_INTERNETWORK_CONTROL, false, Ipv4.MIN_LENGTH + icmpLength, 0, Headers.PROTOCOL_ICMP,
                source, client);
        long icmp = ip + Ipv4.MIN_LENGTH;
        set8(s, icmp + Icmp.TYPE, Icmp.V4_DESTINATION_UNREACHABLE);
        set8(s, icmp + Icmp.CODE, Icmp.V4_CODE_FRAGMENTATION_NEEDED);
        set16(s, icmp + Icmp.CHECKSUM, 0);
        set32(s, icmp + Icmp.REST_OF_HEADER, nextHopMtu); // 16 unused bits, then the next-hop MTU (RFC 1191)
        set16(s, icmp + Icmp.CHECKSUM, ~Checksums.sum(s, icmp, icmpLength, 0) & 0xFFFF);
        return view.l3Offset() + Ipv4.MIN_LENGTH + icmpLength;
    }

    /**
     * Rewrites the IPv6 packet in the view into packet-too-big from {@code source}, reporting {@code mtu}.
     *
     * @param room bytes the frame may take from its start (data length plus tailroom): the quote is cut to fit
     * @return the new frame length
     */
    public int rewriteIpv6(PacketParser view, long sourceHigh, long sourceLow, int mtu, int room) {
        MemorySegment s = view.segment();
        long ip = view.base() + view.l3Offset();
        long clientHigh = view.ipv6SourceHigh();
        long clientLow = view.ipv6SourceLow();
        int quote = Math.min(view.ipLength(), Math.min(IPV6_MINIMUM_MTU, room - view.l3Offset()) - ICMPV6_PREFIX);
        MemorySegment.copy(s, ip, s, ip + ICMPV6_PREFIX, quote);
        int icmpLength = Icmp.LENGTH + quote;
        TcpResetWriter.backToSender(s, view.base());
        set32(s, ip + Ipv6.VERSION_CLASS_FLOW, 6 << 28);
        set16(s, ip + Ipv6.PAYLOAD_LENGTH, icmpLength);
        set8(s, ip + Ipv6.NEXT_HEADER, Headers.PROTOCOL_ICMPV6);
        set8(s, ip + Ipv6.HOP_LIMIT, OuterIpv4.TTL);
        set64(s, ip + Ipv6.SOURCE, sourceHigh);
        set64(s, ip + Ipv6.SOURCE + 8, sourceLow);
        set64(s, ip + Ipv6.DESTINATION, clientHigh);
        set64(s, ip + Ipv6.DESTINATION + 8, clientLow);
        long icmp = ip + Ipv6.LENGTH;
        set8(s, icmp + Icmp.TYPE, Icmp.V6_PACKET_TOO_BIG);
        set8(s, icmp + Icmp.CODE, 0);
        set16(s, icmp + Icmp.CHECKSUM, 0);
        set32(s, icmp + Icmp.V6_MTU, mtu);
        long pseudo = Checksums.pseudoHeaderSumIpv6(sourceHigh, sourceLow, clientHigh, clientLow, Headers.PROTOCOL_ICMPV6, icmpLength);
        set16(s, icmp + Icmp.CHECKSUM, ~Checksums.sum(s, icmp, icmpLength, pseudo) & 0xFFFF);
        return view.l3Offset() + Ipv6.LENGTH + icmpLength;
    }
}
