package io.trunkline.fastpath.bfd;

import static io.trunkline.fastpath.packet.NetworkOrder.set16;
import static io.trunkline.fastpath.packet.NetworkOrder.set32;
import static io.trunkline.fastpath.packet.NetworkOrder.set64;
import static io.trunkline.fastpath.packet.NetworkOrder.set8;
import static io.trunkline.fastpath.packet.NetworkOrder.setMac;

import io.trunkline.fastpath.packet.Checksums;
import io.trunkline.fastpath.packet.Headers;
import java.lang.foreign.MemorySegment;

/**
 * Builds the frames single-hop BFD sends (RFC 5881): Ethernet, IPv4 or IPv6 with TTL / hop limit 255 and
 * traffic class CS6 (network control), UDP from the session's source port to 3784, then the 24-byte
 * control packet, which the session writes. The UDP checksum covers it all (mandatory over IPv6).
 * Allocation-free, single-threaded.
 */
final class BfdFrames {
    static final int CONTROL_PORT = 3784;
    static final int TTL = 255;
    static final int TRAFFIC_CLASS = 0xC0;
    static final int IPV4_FRAME = Headers.Ethernet.LENGTH + Headers.Ipv4.MIN_LENGTH + Headers.Udp.LENGTH + BfdControlPacket.LENGTH;
    static final int IPV6_FRAME = Headers.Ethernet.LENGTH + Headers.Ipv6.LENGTH + Headers.Udp.LENGTH + BfdControlPacket.LENGTH;
    private static final int UDP_LENGTH = Headers.Udp.LENGTH + BfdControlPacket.LENGTH;

    private final BfdControlPacket control = new BfdControlPacket();
    private int identification;

    /** Writes the session's due packet at {@code base}; returns the frame length. */
    int write(MemorySegment segment, long base, BfdSession session, BfdPath path, long portMac, long nowNanos) {
        setMac(segment, base + Headers.Ethernet.DESTINATION, path.peerMac);
        setMac(segment, base + Headers.Ethernet.SOURCE, portMac);
        long ip = base + Headers.Ethernet.LENGTH;
        if (path.ipv6) {
            set16(segment, base + Headers.Ethernet.ETHERTYPE, Headers.ETHERTYPE_IPV6);
            writeIpv6(segment, ip, path);
            writeUdp(segment, ip + Headers.Ipv6.LENGTH, session, nowNanos, Checksums.pseudoHeaderSumIpv6(path.localHigh,
                    path.localLow, path.peerHigh, path.peerLow, Headers.PROTOCOL_UDP, UDP_LENGTH));
            return IPV6_FRAME;
        }
        set16(segment, base + Headers.Ethernet.ETHERTYPE, Headers.ETHERTYPE_IPV4);
        writeIpv4(segment, ip, path);
        writeUdp(segment, ip + Headers.Ipv4.MIN_LENGTH, session, nowNanos,
                Checksums.pseudoHeaderSumIpv4(path.localIpv4, path.peerIpv4, Headers.PROTOCOL_UDP, UDP_LENGTH));
        return IPV4_FRAME;
    }

    private void writeIpv4(MemorySegment segment, long ip, BfdPath path) {
        set8(segment, ip + Headers.Ipv4.VERSION_IHL, 0x45);
        set8(segment, ip + Headers.Ipv4.TOS, TRAFFIC_CLASS);
        set16(segment, ip + Headers.Ipv4.TOTAL_LENGTH, Headers.Ipv4.MIN_LENGTH + UDP_LENGTH);
        set16(segment, ip + Headers.Ipv4.IDENTIFICATION, identification++);
        set16(segment, ip + Headers.Ipv4.FLAGS_FRAGMENT_OFFSET, Headers.Ipv4.FLAG_DONT_FRAGMENT);
        set8(segment, ip + Headers.Ipv4.TTL, TTL);
        set8(segment, ip + Headers.Ipv4.PROTOCOL, Headers.PROTOCOL_UDP);
        set16(segment, ip + Headers.Ipv4.CHECKSUM, 0);
        set32(segment, ip + Headers.Ipv4.SOURCE, path.localIpv4);
        set32(segment, ip + Headers.Ipv4.DESTINATION, path.peerIpv4);
        Checksums.writeIpv4HeaderChecksum(segment, ip, Headers.Ipv4.MIN_LENGTH);
    }

    private static void writeIpv6(MemorySegment segment, long ip, BfdPath path) {
        set32(segment, ip + Headers.Ipv6.VERSION_CLASS_FLOW, 6 << 28 | TRAFFIC_CLASS << 20);
        set16(segment, ip + Headers.Ipv6.PAYLOAD_LENGTH, UDP_LENGTH);
        set8(segment, ip + Headers.Ipv6.NEXT_HEADER, Headers.PROTOCOL_UDP);
        set8(segment, ip + Headers.Ipv6.HOP_LIMIT, TTL);
        set64(segment, ip + Headers.Ipv6.SOURCE, path.localHigh);
        set64(segment, ip + Headers.Ipv6.SOURCE + 8, path.localLow);
        set64(segment, ip + Headers.Ipv6.DESTINATION, path.peerHigh);
        set64(segment, ip + Headers.Ipv6.DESTINATION + 8, path.peerLow);
    }

    private void writeUdp(MemorySegment segment, long udp, BfdSession session, long nowNanos, long pseudoHeader) {
        set16(segment, udp + Headers.Udp.SOURCE_PORT, session.sourcePort());
        set16(segment, udp + Headers.Udp.DESTINATION_PORT, CONTROL_PORT);
        set16(segment, udp + Headers.Udp.LENGTH_FIELD, UDP_LENGTH);
        set16(segment, udp + Headers.Udp.CHECKSUM, 0);
        session.writeTo(control.wrap(segment, udp + Headers.Udp.LENGTH), nowNanos);
        int checksum = ~Checksums.sum(segment, udp, UDP_LENGTH, pseudoHeader) & 0xFFFF;
        set16(segment, udp + Headers.Udp.CHECKSUM, checksum == 0 ? 0xFFFF : checksum);
    }
}
