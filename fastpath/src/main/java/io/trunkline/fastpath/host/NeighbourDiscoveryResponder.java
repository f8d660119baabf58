package io.trunkline.fastpath.host;

import static io.trunkline.fastpath.packet.NetworkOrder.i64;
import static io.trunkline.fastpath.packet.NetworkOrder.mac;
import static io.trunkline.fastpath.packet.NetworkOrder.set16;
import static io.trunkline.fastpath.packet.NetworkOrder.set32;
import static io.trunkline.fastpath.packet.NetworkOrder.set64;
import static io.trunkline.fastpath.packet.NetworkOrder.set8;
import static io.trunkline.fastpath.packet.NetworkOrder.setMac;
import static io.trunkline.fastpath.packet.NetworkOrder.u8;

import io.trunkline.bindings.dpdk.Mbuf;
import io.trunkline.fastpath.fate.DropReasons;
import io.trunkline.fastpath.fate.Fate;
import io.trunkline.fastpath.packet.Checksums;
import io.trunkline.fastpath.packet.Headers;
import io.trunkline.fastpath.packet.PacketParser;
import java.lang.foreign.MemorySegment;

/**
 * IPv6 neighbour discovery (RFC 4861) for the port's own addresses: a neighbour solicitation whose target
 * is an own address becomes, in place, the neighbour advertisement that answers it. Every message is
 * first validated as section 7.1 requires (hop limit 255, checksum, code 0, length, options, target not
 * multicast, the form of a duplicate-address probe); what fails is counted by reason and dropped.
 * <pre>
 *   Neighbour solicitation (type 135) and advertisement (type 136), after the IPv6 header:
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |     Type      |     Code      |          Checksum             |  0
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |R|S|O|                     Reserved (NS: all reserved)         |  4
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                     Target Address (16 bytes)                 |  8
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |  Option type  | length (x 8)  |   value ...                     24
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   Options 1 (source) and 2 (target link-layer address): length 1, a 6-byte MAC.
 * </pre>
 * The advertisement is always 32 bytes (header, target, target link-layer option): R clear, S set unless
 * the solicitation was a duplicate-address probe (then it goes to all-nodes), O set. Single-threaded,
 * allocation-free. An advertisement sent to an own address answers the kernel's own solicitation: it goes
 * on to the kernel through the exception path.
 */
public final class NeighbourDiscoveryResponder {
    static final int TYPE_ROUTER_SOLICITATION = 133;
    static final int TYPE_REDIRECT = 137;
    static final int TYPE_NEIGHBOUR_SOLICITATION = 135;
    static final int TYPE_NEIGHBOUR_ADVERTISEMENT = 136;
    static final int FLAGS = 4;
    static final int TARGET = 8;
    static final int OPTIONS = 24;
    static final int OPTION_SOURCE_LINK_LAYER = 1;
    static final int OPTION_TARGET_LINK_LAYER = 2;
    static final int ADVERTISEMENT_LENGTH = 32;
    static final int FLAG_SOLICITED = 0x4000_0000;
    static final int FLAG_OVERRIDE = 0x2000_0000;
    static final int HOP_LIMIT = 255;

    static final long MULTICAST_PREFIX = 0xFF00_0000_0000_0000L;
    static final long LINK_LOCAL_MULTICAST_HIGH = 0xFF02_0000_0000_0000L;
    static final long SOLICITED_NODE_LOW_MASK = 0xFFFF_FFFF_FF00_0000L;
    static final long SOLICITED_NODE_LOW = 0x0000_0001_FF00_0000L;
    static final long ALL_NODES_LOW = 1;
    static final long ALL_NODES_MAC = 0x3333_0000_0001L;

    private final NeighbourObserver neighbours;
    private long linkLayerOption;
    private boolean hasLinkLayerOption;

    public NeighbourDiscoveryResponder(NeighbourObserver neighbours) {
        this.neighbours = neighbours;
    }

    /** True for the ICMPv6 types RFC 4861 defines (133 router solicitation .. 137 redirect). */
    public static boolean isNeighbourDiscovery(int icmpType) {
        return icmpType >= TYPE_ROUTER_SOLICITATION && icmpType <= TYPE_REDIRECT;
    }

    /**
     * Handles the neighbour-discovery message the parser found in {@code mbuf}.
     *
     * @return {@link Fate#FORWARD} when the mbuf now holds the advertisement, {@link HostTraffic#TO_KERNEL} for an
     *         advertisement to an own address (the kernel's solicitation answered), else a drop reason
     */
    public int respond(PacketParser parser, Mbuf mbuf, int p, long portMac, OwnAddresses own) {
        if (parser.ttl() != HOP_LIMIT) {
            return DropReasons.ND_BAD_HOP_LIMIT;
        }
        if (!Checksums.transportChecksumValid(parser)) {
            return DropReasons.ND_BAD_CHECKSUM;
        }
        int type = parser.icmpType();
        if (parser.icmpCode() != 0) {
            return DropReasons.ND_MALFORMED;
        }
        if (type != TYPE_NEIGHBOUR_SOLICITATION && type != TYPE_NEIGHBOUR_ADVERTISEMENT) {
            return DropReasons.ND_IGNORED;
        }
        MemorySegment segment = parser.segment();
        long icmp = parser.base() + parser.l4Offset();
        int icmpLength = parser.transportLength();
        if (icmpLength < OPTIONS || (u8(segment, icmp + TARGET) & 0xFF) == 0xFF || !readOptions(segment, icmp, icmpLength, type)) {
            return DropReasons.ND_MALFORMED;
        }
        long targetHigh = i64(segment, icmp + TARGET);
        long targetLow = i64(segment, icmp + TARGET + 8);
        if (type == TYPE_NEIGHBOUR_ADVERTISEMENT) {
            if (hasLinkLayerOption) {
                neighbours.ipv6(p, targetHigh, targetLow, linkLayerOption);
            }
            return own.isOwnIpv6(p, parser.ipv6DestinationHigh(), parser.ipv6DestinationLow())
                    ? HostTraffic.TO_KERNEL : DropReasons.ND_IGNORED;
        }
        boolean probe = parser.ipv6SourceHigh() == 0 && parser.ipv6SourceLow() == 0;
        if (probe && (hasLinkLayerOption || !isSolicitedNode(parser.ipv6DestinationHigh(), parser.ipv6DestinationLow()))) {
            return DropReasons.ND_MALFORMED;
        }
        if (hasLinkLayerOption) {
            neighbours.ipv6(p, parser.ipv6SourceHigh(), parser.ipv6SourceLow(), linkLayerOption);
        }
        if (!own.isOwnIpv6(p, targetHigh, targetLow)) {
            return DropReasons.ND_IGNORED;
        }
        int length = parser.l3Offset() + Headers.Ipv6.LENGTH + ADVERTISEMENT_LENGTH;
        if (length > mbuf.dataLength() + mbuf.tailroom()) {
            return DropReasons.ND_MALFORMED;
        }
        long destinationMac = probe ? ALL_NODES_MAC : hasLinkLayerOption ? linkLayerOption : parser.sourceMac();
        writeAdvertisement(parser, targetHigh, targetLow, probe, portMac, destinationMac);
        mbuf.length(length);
        return Fate.FORWARD;
    }

    /** Walks the options; remembers the link-layer address option of the message's kind. False when one is malformed. */
    private boolean readOptions(MemorySegment segment, long icmp, int icmpLength, int type) {
        int wanted = type == TYPE_NEIGHBOUR_SOLICITATION ? OPTION_SOURCE_LINK_LAYER : OPTION_TARGET_LINK_LAYER;
        hasLinkLayerOption = false;
        for (int at = OPTIONS; at < icmpLength; ) {
            if (icmpLength - at < 2) {
                return false;
            }
            int optionLength = u8(segment, icmp + at + 1) * 8;
            if (optionLength == 0 || optionLength > icmpLength - at) {
                return false;
            }
            if (u8(segment, icmp + at) == wanted && optionLength == 8) {
                linkLayerOption = mac(segment, icmp + at + 2);
                hasLinkLayerOption = true;
            }
            at += optionLength;
        }
        return true;
    }

    static boolean isSolicitedNode(long high, long low) {
        return high == LINK_LOCAL_MULTICAST_HIGH && (low & SOLICITED_NODE_LOW_MASK) == SOLICITED_NODE_LOW;
    }

    private static void writeAdvertisement(PacketParser parser, long targetHigh, long targetLow, boolean probe,
                                           long portMac, long destinationMac) {
        MemorySegment segment = parser.segment();
        long base = parser.base();
        long ip = base + parser.l3Offset();
        long icmp = ip + Headers.Ipv6.LENGTH;
        long destinationHigh = probe ? LINK_LOCAL_MULTICAST_HIGH : parser.ipv6SourceHigh();
        long destinationLow = probe ? ALL_NODES_LOW : parser.ipv6SourceLow();
        setMac(segment, base + Headers.Ethernet.DESTINATION, destinationMac);
        setMac(segment, base + Headers.Ethernet.SOURCE, portMac);
        set32(segment, ip + Headers.Ipv6.VERSION_CLASS_FLOW, 6 << 28);
        set16(segment, ip + Headers.Ipv6.PAYLOAD_LENGTH, ADVERTISEMENT_LENGTH);
        set8(segment, ip + Headers.Ipv6.NEXT_HEADER, Headers.PROTOCOL_ICMPV6);
        set8(segment, ip + Headers.Ipv6.HOP_LIMIT, HOP_LIMIT);
        set64(segment, ip + Headers.Ipv6.SOURCE, targetHigh);
        set64(segment, ip + Headers.Ipv6.SOURCE + 8, targetLow);
        set64(segment, ip + Headers.Ipv6.DESTINATION, destinationHigh);
        set64(segment, ip + Headers.Ipv6.DESTINATION + 8, destinationLow);
        set8(segment, icmp + Headers.Icmp.TYPE, TYPE_NEIGHBOUR_ADVERTISEMENT);
        set8(segment, icmp + Headers.Icmp.CODE, 0);
        set16(segment, icmp + Headers.Icmp.CHECKSUM, 0);
        set32(segment, icmp + FLAGS, (probe ? 0 : FLAG_SOLICITED) | FLAG_OVERRIDE);
        set64(segment, icmp + TARGET, targetHigh);
        set64(segment, icmp + TARGET + 8, targetLow);
        set8(segment, icmp + OPTIONS, OPTION_TARGET_LINK_LAYER);
        set8(segment, icmp + OPTIONS + 1, 1);
        setMac(segment, icmp + OPTIONS + 2, portMac);
        long pseudo = Checksums.pseudoHeaderSumIpv6(targetHigh, targetLow, destinationHigh, destinationLow,
                Headers.PROTOCOL_ICMPV6, ADVERTISEMENT_LENGTH);
        set16(segment, icmp + Headers.Icmp.CHECKSUM, ~Checksums.sum(segment, icmp, ADVERTISEMENT_LENGTH, pseudo) & 0xFFFF);
    }
}
