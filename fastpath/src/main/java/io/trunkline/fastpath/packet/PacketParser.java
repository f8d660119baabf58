package io.trunkline.fastpath.packet;

import static io.trunkline.fastpath.packet.NetworkOrder.i32;
import static io.trunkline.fastpath.packet.NetworkOrder.i64;
import static io.trunkline.fastpath.packet.NetworkOrder.mac;
import static io.trunkline.fastpath.packet.NetworkOrder.u16;
import static io.trunkline.fastpath.packet.NetworkOrder.u8;

import io.trunkline.fastpath.packet.Headers.Ethernet;
import io.trunkline.fastpath.packet.Headers.Icmp;
import io.trunkline.fastpath.packet.Headers.Ipv4;
import io.trunkline.fastpath.packet.Headers.Ipv6;
import io.trunkline.fastpath.packet.Headers.Tcp;
import io.trunkline.fastpath.packet.Headers.Udp;
import java.lang.foreign.MemorySegment;

/**
 * Parses one Ethernet frame in place and keeps what it found: a reusable flyweight, one per worker,
 * single-threaded, allocation-free. {@link #parse} reads every header once, checking each length
 * against the frame before reading, and returns {@link Verdict#OK} or the reason to drop; malformed
 * input never throws and never reads outside {@code [offset, offset + length)}.
 *
 * <p>Offsets returned by accessors are relative to the frame start ({@link #base()}). Which fields are
 * valid depends on how far parsing got: L2 fields unless {@code TRUNCATED_L2}/{@code BAD_VLAN}; IP
 * fields when {@link #ipVersion()} is not 0; ports, TCP flags and ICMP fields when
 * {@link #hasTransportHeader()}; the quoted flow when {@link #hasQuotedFlow()}.
 *
 * <p>On a DPDK mbuf, pass the all-of-memory segment with the data address as offset:
 * {@code parse(PacketParser.ALL_MEMORY, mbuf.dataAddress(), mbuf.dataLength())}.
 */
public final class PacketParser {
    /** All of native memory: lets the parser and rewriters address mbuf data by absolute address. */
    public static final MemorySegment ALL_MEMORY = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    /** VLAN tags taken (802.1ad, 802.1Q, and one more for triple-tagged carrier links); one more is {@link Verdict#BAD_VLAN}. */
    public static final int MAX_VLAN_TAGS = 3;

    /** Extension headers walked before giving up with {@link Verdict#IPV6_EXT_TOO_LONG}. */
    public static final int MAX_IPV6_EXTENSION_HEADERS = 8;

    private final boolean verifyIpv4Checksum;

    private MemorySegment segment;
    private long base;
    private int length;

    private long destinationMac;
    private long sourceMac;
    private int vlanCount;
    private int outerVlanId;
    private int innerVlanId;
    private int etherType;

    private int l3Offset;
    private int l3End;
    private int ipVersion;
    private int trafficClass;
    private int ttl;
    private int protocol;
    private int ipv4Source;
    private int ipv4Destination;
    private long ipv6SourceHigh;
    private long ipv6SourceLow;
    private long ipv6DestinationHigh;
    private long ipv6DestinationLow;
    private boolean dontFragment;
    private boolean fragment;
    private boolean moreFragments;
    private int fragmentOffset;

    private int l4Offset;
    private boolean transportHeader;
    private int sourcePort;
    private int destinationPort;
    private int tcpFlags;
    private int icmpType;
    private int icmpCode;
    private int icmpMtu;

    private boolean quotedFlow;
    private int quotedProtocol;
    private int quotedSourceIpv4;
    private int quotedDestinationIpv4;
    private long quotedSourceHigh;
    private long quotedSourceLow;
    private long quotedDestinationHigh;
    private long quotedDestinationLow;
    private int quotedSourcePort;
    private int quotedDestinationPort;

    // Result of the last extension-header walk, shared by the outer packet and an ICMPv6 quote.
    private int walkProtocol;
    private int walkOffset;
    private boolean walkFragment;
    private boolean walkMoreFragments;
    private int walkFragmentOffset;

    /** A parser that does not verify IPv4 header checksums (the NIC or the backend does). */
    public PacketParser() {
        this(false);
    }

    /** @param verifyIpv4Checksum drop IPv4 packets whose header checksum is wrong, as {@link Verdict#BAD_IPV4_CHECKSUM} */
    public PacketParser(boolean verifyIpv4Checksum) {
        this.verifyIpv4Checksum = verifyIpv4Checksum;
    }

    /** Parses the frame of {@code length} bytes at {@code offset} of {@code segment}. */
    public Verdict parse(MemorySegment segment, long offset, int length) {
        clear();
        this.segment = segment;
        this.base = offset;
        this.length = Math.max(length, 0);
        return parseEthernet();
    }

    private void clear() {
        destinationMac = sourceMac = 0;
        vlanCount = outerVlanId = innerVlanId = etherType = 0;
        l3Offset = l3End = ipVersion = trafficClass = ttl = protocol = 0;
        ipv4Source = ipv4Destination = 0;
        ipv6SourceHigh = ipv6SourceLow = ipv6DestinationHigh = ipv6DestinationLow = 0;
        dontFragment = fragment = moreFragments = false;
        fragmentOffset = l4Offset = 0;
        transportHeader = false;
        sourcePort = destinationPort = tcpFlags = icmpType = icmpCode = icmpMtu = 0;
        quotedFlow = false;
        quotedProtocol = quotedSourceIpv4 = quotedDestinationIpv4 = quotedSourcePort = quotedDestinationPort = 0;
        quotedSourceHigh = quotedSourceLow = quotedDestinationHigh = quotedDestinationLow = 0;
    }

    private Verdict parseEthernet() {
        if (length < Ethernet.LENGTH) {
            return Verdict.TRUNCATED_L2;
        }
        destinationMac = mac(segment, base + Ethernet.DESTINATION);
        sourceMac = mac(segment, base + Ethernet.SOURCE);
        int offset = Ethernet.ETHERTYPE;
        int type = u16(segment, base + offset);
        while (type == Headers.ETHERTYPE_VLAN || type == Headers.ETHERTYPE_QINQ) {
            if (vlanCount == MAX_VLAN_TAGS) {
                return Verdict.BAD_VLAN;
            }
            if (length - offset < Ethernet.VLAN_TAG_LENGTH + 2) {
                return Verdict.TRUNCATED_L2;
            }
            int vlanId = u16(segment, base + offset + Ethernet.VLAN_TCI) & 0x0FFF;
            if (vlanCount == 0) {
                outerVlanId = vlanId;
            } else {
                innerVlanId = vlanId;
            }
            vlanCount++;
            offset += Ethernet.VLAN_TAG_LENGTH;
            type = u16(segment, base + offset);
        }
        etherType = type;
        l3Offset = offset + 2;
        if (type == Headers.ETHERTYPE_IPV4) {
            return parseIpv4();
        }
        if (type == Headers.ETHERTYPE_IPV6) {
            return parseIpv6();
        }
        return Verdict.UNSUPPORTED_ETHERTYPE;
    }

    private Verdict parseIpv4() {
        long ip = base + l3Offset;
        int available = length - l3Offset;
        if (available < Ipv4.MIN_LENGTH) {
            return Verdict.TRUNCATED_IPV4;
        }
        int versionIhl = u8(segment, ip + Ipv4.VERSION_IHL);
        if (versionIhl >>> 4 != 4) {
            return Verdict.BAD_IPV4_VERSION;
        }
        int headerLength = (versionIhl & 0x0F) * 4;
        if (headerLength < Ipv4.MIN_LENGTH) {
            return Verdict.BAD_IPV4_IHL;
        }
        if (available < headerLength) {
            return Verdict.TRUNCATED_IPV4;
        }
        int totalLength = u16(segment, ip + Ipv4.TOTAL_LENGTH);
        if (totalLength < headerLength || totalLength > available) {
            return Verdict.BAD_IPV4_TOTAL_LENGTH;
        }
        if (headerLength > Ipv4.MIN_LENGTH && !ipv4OptionsValid(segment, ip, headerLength)) {
            return Verdict.BAD_IPV4_OPTIONS;
        }
        if (verifyIpv4Checksum && !Checksums.ipv4HeaderChecksumValid(segment, ip, headerLength)) {
            return Verdict.BAD_IPV4_CHECKSUM;
        }
        int flagsFragment = u16(segment, ip + Ipv4.FLAGS_FRAGMENT_OFFSET);
        ipVersion = 4;
        trafficClass = u8(segment, ip + Ipv4.TOS);
        ttl = u8(segment, ip + Ipv4.TTL);
        protocol = u8(segment, ip + Ipv4.PROTOCOL);
        ipv4Source = i32(segment, ip + Ipv4.SOURCE);
        ipv4Destination = i32(segment, ip + Ipv4.DESTINATION);
        dontFragment = (flagsFragment & Ipv4.FLAG_DONT_FRAGMENT) != 0;
        moreFragments = (flagsFragment & Ipv4.FLAG_MORE_FRAGMENTS) != 0;
        fragmentOffset = (flagsFragment & Ipv4.FRAGMENT_OFFSET_MASK) * 8;
        fragment = moreFragments || fragmentOffset != 0;
        l4Offset = l3Offset + headerLength;
        l3End = l3Offset + totalLength;
        return fragmentOffset == 0 ? parseTransport() : Verdict.OK;
    }

    /**
     * Whether the options of the IPv4 header at {@code ip} are well formed (RFC 791 section 3.1): end of list (0) and
     * no-operation (1) are one byte; every other option has a length byte of at least 2 and ends within the header.
     * What follows end of list is padding. A forwarder that passed an option with an impossible length on would hand
     * the backend's stack (and every router after a tunnel) a header it must not trust.
     */
    public static boolean ipv4OptionsValid(MemorySegment segment, long ip, int headerLength) {
        int at = Ipv4.MIN_LENGTH;
        while (at < headerLength) {
            int type = u8(segment, ip + at);
            if (type == Ipv4.OPTION_END_OF_LIST) {
                return true;
            }
            if (type == Ipv4.OPTION_NO_OPERATION) {
                at++;
                continue;
            }
            if (at + 1 >= headerLength) {
                return false;
            }
            int optionLength = u8(segment, ip + at + 1);
            if (optionLength < 2 || at + optionLength > headerLength) {
                return false;
            }
            at += optionLength;
        }
        return true;
    }

    private Verdict parseIpv6() {
        long ip = base + l3Offset;
        if (length - l3Offset < Ipv6.LENGTH) {
            return Verdict.TRUNCATED_IPV6;
        }
        int versionClassFlow = i32(segment, ip + Ipv6.VERSION_CLASS_FLOW);
        if (versionClassFlow >>> 28 != 6) {
            return Verdict.BAD_IPV6_VERSION;
        }
        int payloadLength = u16(segment, ip + Ipv6.PAYLOAD_LENGTH);
        if (payloadLength > length - l3Offset - Ipv6.LENGTH) {
            return Verdict.BAD_IPV6_PAYLOAD_LENGTH;
        }
        ipVersion = 6;
        trafficClass = versionClassFlow >>> 20 & 0xFF;
        ttl = u8(segment, ip + Ipv6.HOP_LIMIT);
        ipv6SourceHigh = i64(segment, ip + Ipv6.SOURCE);
        ipv6SourceLow = i64(segment, ip + Ipv6.SOURCE + 8);
        ipv6DestinationHigh = i64(segment, ip + Ipv6.DESTINATION);
        ipv6DestinationLow = i64(segment, ip + Ipv6.DESTINATION + 8);
        dontFragment = true;
        l3End = l3Offset + Ipv6.LENGTH + payloadLength;
        Verdict walked = walkIpv6Extensions(u8(segment, ip + Ipv6.NEXT_HEADER), l3Offset + Ipv6.LENGTH, l3End);
        if (walked != Verdict.OK) {
            return walked;
        }
        protocol = walkProtocol;
        l4Offset = walkOffset;
        fragment = walkFragment;
        moreFragments = walkMoreFragments;
        fragmentOffset = walkFragmentOffset;
        return fragmentOffset == 0 ? parseTransport() : Verdict.OK;
    }

    /**
     * Follows the extension-header chain from {@code next} at {@code offset} up to {@code end}, leaving
     * the upper-layer protocol and its offset in the walk fields. Stops at a non-first fragment, whose
     * payload carries no upper-layer header.
     */
    private Verdict walkIpv6Extensions(int next, int offset, int end) {
        walkFragment = walkMoreFragments = false;
        walkFragmentOffset = 0;
        int header = next;
        int at = offset;
        for (int walked = 0; isIpv6Extension(header); walked++) {
            if (walked == MAX_IPV6_EXTENSION_HEADERS) {
                return Verdict.IPV6_EXT_TOO_LONG;
            }
            if (end - at < Ipv6.EXTENSION_MIN_LENGTH) {
                return Verdict.TRUNCATED_IPV6;
            }
            int following = u8(segment, base + at + Ipv6.EXTENSION_NEXT_HEADER);
            if (header == Headers.PROTOCOL_FRAGMENT) {
                int offsetFlags = u16(segment, base + at + Ipv6.FRAGMENT_OFFSET_FLAGS);
                walkFragment = true;
                walkMoreFragments = (offsetFlags & Ipv6.FRAGMENT_MORE) != 0;
                walkFragmentOffset = offsetFlags & Ipv6.FRAGMENT_OFFSET_MASK;
                at += Ipv6.FRAGMENT_LENGTH;
                if (walkFragmentOffset != 0) {
                    header = following;
                    break;
                }
            } else {
                int extensionLength = (u8(segment, base + at + Ipv6.EXTENSION_LENGTH) + 1) * 8;
                if (end - at < extensionLength) {
                    return Verdict.TRUNCATED_IPV6;
                }
                at += extensionLength;
            }
            header = following;
        }
        walkProtocol = header;
        walkOffset = at;
        return Verdict.OK;
    }

    private static boolean isIpv6Extension(int header) {
        return header == Headers.PROTOCOL_HOP_BY_HOP || header == Headers.PROTOCOL_ROUTING
                || header == Headers.PROTOCOL_FRAGMENT || header == Headers.PROTOCOL_DESTINATION_OPTIONS;
    }

    private Verdict parseTransport() {
        int available = l3End - l4Offset;
        long l4 = base + l4Offset;
        if (protocol == Headers.PROTOCOL_TCP) {
            return parseTcp(l4, available);
        }
        if (protocol == Headers.PROTOCOL_UDP) {
            return parseUdp(l4, available);
        }
        if (protocol == Headers.PROTOCOL_ICMP && ipVersion == 4 || protocol == Headers.PROTOCOL_ICMPV6 && ipVersion == 6) {
            return parseIcmp(l4, available);
        }
        return Verdict.OK;
    }

    private Verdict parseTcp(long l4, int available) {
        if (available < Tcp.MIN_LENGTH) {
            return Verdict.TRUNCATED_TCP;
        }
        int headerLength = (u8(segment, l4 + Tcp.DATA_OFFSET) >>> 4) * 4;
        if (headerLength < Tcp.MIN_LENGTH) {
            return Verdict.BAD_TCP_OFFSET;
        }
        if (headerLength > available) {
            return Verdict.TRUNCATED_TCP;
        }
        sourcePort = u16(segment, l4 + Tcp.SOURCE_PORT);
        destinationPort = u16(segment, l4 + Tcp.DESTINATION_PORT);
        tcpFlags = u8(segment, l4 + Tcp.FLAGS);
        transportHeader = true;
        return Verdict.OK;
    }

    private Verdict parseUdp(long l4, int available) {
        if (available < Udp.LENGTH) {
            return Verdict.TRUNCATED_UDP;
        }
        int udpLength = u16(segment, l4 + Udp.LENGTH_FIELD);
        // A first fragment's UDP length covers the whole datagram, not this fragment.
        if (!fragment && (udpLength < Udp.LENGTH || udpLength > available)) {
            return Verdict.BAD_UDP_LENGTH;
        }
        sourcePort = u16(segment, l4 + Udp.SOURCE_PORT);
        destinationPort = u16(segment, l4 + Udp.DESTINATION_PORT);
        transportHeader = true;
        return Verdict.OK;
    }

    private Verdict parseIcmp(long l4, int available) {
        if (available < Icmp.LENGTH) {
            return Verdict.TRUNCATED_ICMP;
        }
        icmpType = u8(segment, l4 + Icmp.TYPE);
        icmpCode = u8(segment, l4 + Icmp.CODE);
        transportHeader = true;
        if (ipVersion == 4) {
            if (icmpType == Icmp.V4_DESTINATION_UNREACHABLE && icmpCode == Icmp.V4_CODE_FRAGMENTATION_NEEDED) {
                icmpMtu = u16(segment, l4 + Icmp.V4_NEXT_HOP_MTU);
            }
            return isIcmpv4Error(icmpType) ? parseQuotedIpv4(l4Offset + Icmp.QUOTE) : Verdict.OK;
        }
        if (icmpType == Icmp.V6_PACKET_TOO_BIG) {
            icmpMtu = i32(segment, l4 + Icmp.V6_MTU);
        }
        return isIcmpv6Error(icmpType) ? parseQuotedIpv6(l4Offset + Icmp.QUOTE) : Verdict.OK;
    }

    private static boolean isIcmpv4Error(int type) {
        return type == Icmp.V4_DESTINATION_UNREACHABLE || type == Icmp.V4_TIME_EXCEEDED || type == Icmp.V4_PARAMETER_PROBLEM;
    }

    private static boolean isIcmpv6Error(int type) {
        return type >= Icmp.V6_DESTINATION_UNREACHABLE && type <= Icmp.V6_PARAMETER_PROBLEM;
    }

    /**
     * The quote is the packet that caused the error, as it left the VIP side (VIP to client). The flow
     * is recorded reversed, client to VIP, to match the flow key of the packets the dispatcher saw.
     */
    private Verdict parseQuotedIpv4(int quote) {
        int available = l3End - quote;
        long ip = base + quote;
        if (available < Ipv4.MIN_LENGTH) {
            return Verdict.TRUNCATED_ICMP_QUOTE;
        }
        int versionIhl = u8(segment, ip + Ipv4.VERSION_IHL);
        int headerLength = (versionIhl & 0x0F) * 4;
        if (versionIhl >>> 4 != 4 || headerLength < Ipv4.MIN_LENGTH) {
            return Verdict.BAD_ICMP_QUOTE;
        }
        quotedProtocol = u8(segment, ip + Ipv4.PROTOCOL);
        quotedDestinationIpv4 = i32(segment, ip + Ipv4.SOURCE);
        quotedSourceIpv4 = i32(segment, ip + Ipv4.DESTINATION);
        boolean firstFragment = (u16(segment, ip + Ipv4.FLAGS_FRAGMENT_OFFSET) & Ipv4.FRAGMENT_OFFSET_MASK) == 0;
        return quotedPorts(quote + headerLength, firstFragment);
    }

    private Verdict parseQuotedIpv6(int quote) {
        long ip = base + quote;
        if (l3End - quote < Ipv6.LENGTH) {
            return Verdict.TRUNCATED_ICMP_QUOTE;
        }
        if (u8(segment, ip) >>> 4 != 6) {
            return Verdict.BAD_ICMP_QUOTE;
        }
        quotedDestinationHigh = i64(segment, ip + Ipv6.SOURCE);
        quotedDestinationLow = i64(segment, ip + Ipv6.SOURCE + 8);
        quotedSourceHigh = i64(segment, ip + Ipv6.DESTINATION);
        quotedSourceLow = i64(segment, ip + Ipv6.DESTINATION + 8);
        Verdict walked = walkIpv6Extensions(u8(segment, ip + Ipv6.NEXT_HEADER), quote + Ipv6.LENGTH, l3End);
        if (walked != Verdict.OK) {
            return walked == Verdict.TRUNCATED_IPV6 ? Verdict.TRUNCATED_ICMP_QUOTE : walked;
        }
        quotedProtocol = walkProtocol;
        return quotedPorts(walkOffset, walkFragmentOffset == 0);
    }

    private Verdict quotedPorts(int transport, boolean firstFragment) {
        if (firstFragment && (quotedProtocol == Headers.PROTOCOL_TCP || quotedProtocol == Headers.PROTOCOL_UDP)) {
            if (l3End - transport < 4) {
                return Verdict.TRUNCATED_ICMP_QUOTE;
            }
            quotedDestinationPort = u16(segment, base + transport);
            quotedSourcePort = u16(segment, base + transport + 2);
        }
        quotedFlow = true;
        return Verdict.OK;
    }

    /** The segment the frame lives in. */
    public MemorySegment segment() {
        return segment;
    }

    /** Offset of the first byte of the frame in {@link #segment()}: all other offsets are relative to it. */
    public long base() {
        return base;
    }

    /** Bytes in the frame as given (may include Ethernet padding past the IP packet). */
    public int length() {
        return length;
    }

    public long destinationMac() {
        return destinationMac;
    }

    public long sourceMac() {
        return sourceMac;
    }

    /** VLAN tags seen: 0 to {@link #MAX_VLAN_TAGS} (2: QinQ). */
    public int vlanCount() {
        return vlanCount;
    }

    /** VLAN id of the first (outer) tag; 0 when untagged. */
    public int outerVlanId() {
        return outerVlanId;
    }

    /** VLAN id of the innermost tag (the second of QinQ, the third of three); 0 with fewer than two tags. */
    public int innerVlanId() {
        return innerVlanId;
    }

    /** The ethertype after the VLAN tags. */
    public int etherType() {
        return etherType;
    }

    /** Offset of the IP header, which is also the length of the L2 header with its tags. */
    public int l3Offset() {
        return l3Offset;
    }

    /** Offset just past the IP packet by its length fields; Ethernet padding lies beyond. */
    public int l3End() {
        return l3End;
    }

    /** Bytes in the IP packet, headers included. */
    public int ipLength() {
        return l3End - l3Offset;
    }

    /** 4, 6, or 0 when no IP header was parsed. */
    public int ipVersion() {
        return ipVersion;
    }

    /** IPv4 TOS or IPv6 traffic class. */
    public int trafficClass() {
        return trafficClass;
    }

    /** IPv4 TTL or IPv6 hop limit. */
    public int ttl() {
        return ttl;
    }

    /** The upper-layer protocol: IPv4 protocol, or the IPv6 next header after the extension headers. */
    public int protocol() {
        return protocol;
    }

    public int ipv4Source() {
        return ipv4Source;
    }

    public int ipv4Destination() {
        return ipv4Destination;
    }

    public long ipv6SourceHigh() {
        return ipv6SourceHigh;
    }

    public long ipv6SourceLow() {
        return ipv6SourceLow;
    }

    public long ipv6DestinationHigh() {
        return ipv6DestinationHigh;
    }

    public long ipv6DestinationLow() {
        return ipv6DestinationLow;
    }

    /** IPv4 DF; always true for IPv6, which routers never fragment. */
    public boolean dontFragment() {
        return dontFragment;
    }

    /** Any fragment, first or not (IPv4 MF or offset, or an IPv6 fragment header). */
    public boolean isFragment() {
        return fragment;
    }

    public boolean moreFragments() {
        return moreFragments;
    }

    /** Fragment offset in bytes. */
    public int fragmentOffset() {
        return fragmentOffset;
    }

    /** A fragment other than the first: it carries no transport header, so no ports. */
    public boolean isNonFirstFragment() {
        return fragmentOffset != 0;
    }

    /** Offset of the upper-layer header (after IPv4 options or IPv6 extension headers). */
    public int l4Offset() {
        return l4Offset;
    }

    /** Bytes from the upper-layer header to the end of the IP packet. */
    public int transportLength() {
        return l3End - l4Offset;
    }

    /** True when a TCP, UDP, ICMP or ICMPv6 header was parsed: ports, flags or type/code are valid. */
    public boolean hasTransportHeader() {
        return transportHeader;
    }

    /** TCP or UDP source port; 0 otherwise. */
    public int sourcePort() {
        return sourcePort;
    }

    /** TCP or UDP destination port; 0 otherwise. */
    public int destinationPort() {
        return destinationPort;
    }

    /** The TCP flags byte (CWR..FIN); 0 for other protocols. */
    public int tcpFlags() {
        return tcpFlags;
    }

    public int icmpType() {
        return icmpType;
    }

    public int icmpCode() {
        return icmpCode;
    }

    /** The MTU an ICMPv4 frag-needed or ICMPv6 packet-too-big reports; 0 otherwise. */
    public int icmpMtu() {
        return icmpMtu;
    }

    /** Offset of the checksum field of the parsed transport header. */
    public int transportChecksumOffset() {
        return l4Offset + switch (protocol) {
            case Headers.PROTOCOL_TCP -> Tcp.CHECKSUM;
            case Headers.PROTOCOL_UDP -> Udp.CHECKSUM;
            default -> Icmp.CHECKSUM;
        };
    }

    /**
     * True for an ICMP or ICMPv6 error that quotes a packet: the quoted* accessors then give the flow it
     * belongs to, turned around to the client-to-VIP direction the dispatcher keys flows by (the quoted
     * packet itself went VIP to client). Forward such an error to that flow's backend.
     */
    public boolean hasQuotedFlow() {
        return quotedFlow;
    }

    public int quotedProtocol() {
        return quotedProtocol;
    }

    /** The client address of the quoted flow (the quoted packet's destination). */
    public int quotedSourceIpv4() {
        return quotedSourceIpv4;
    }

    /** The VIP of the quoted flow (the quoted packet's source). */
    public int quotedDestinationIpv4() {
        return quotedDestinationIpv4;
    }

    public long quotedSourceIpv6High() {
        return quotedSourceHigh;
    }

    public long quotedSourceIpv6Low() {
        return quotedSourceLow;
    }

    public long quotedDestinationIpv6High() {
        return quotedDestinationHigh;
    }

    public long quotedDestinationIpv6Low() {
        return quotedDestinationLow;
    }

    /** The client port of the quoted flow; 0 unless the quote is a TCP or UDP first fragment. */
    public int quotedSourcePort() {
        return quotedSourcePort;
    }

    /** The VIP port of the quoted flow; 0 unless the quote is a TCP or UDP first fragment. */
    public int quotedDestinationPort() {
        return quotedDestinationPort;
    }

    /** Lets a rewriter keep the view consistent with what it wrote. */
    void ipv4Source(int address) {
        ipv4Source = address;
    }

    void ipv4Destination(int address) {
        ipv4Destination = address;
    }

    void ipv6Source(long high, long low) {
        ipv6SourceHigh = high;
        ipv6SourceLow = low;
    }

    void ipv6Destination(long high, long low) {
        ipv6DestinationHigh = high;
        ipv6DestinationLow = low;
    }

    void sourcePort(int port) {
        sourcePort = port;
    }

    void destinationPort(int port) {
        destinationPort = port;
    }

    void destinationMac(long mac) {
        destinationMac = mac;
    }

    void sourceMac(long mac) {
        sourceMac = mac;
    }
}
