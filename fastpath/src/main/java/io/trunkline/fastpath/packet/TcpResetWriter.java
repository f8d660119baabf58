package io.trunkline.fastpath.packet;

import static io.trunkline.fastpath.packet.NetworkOrder.i32;
import static io.trunkline.fastpath.packet.NetworkOrder.i64;
import static io.trunkline.fastpath.packet.NetworkOrder.mac;
import static io.trunkline.fastpath.packet.NetworkOrder.set16;
import static io.trunkline.fastpath.packet.NetworkOrder.set32;
import static io.trunkline.fastpath.packet.NetworkOrder.set64;
import static io.trunkline.fastpath.packet.NetworkOrder.set8;
import static io.trunkline.fastpath.packet.NetworkOrder.setMac;

import java.lang.foreign.MemorySegment;

/**
 * Turns a parsed TCP segment into the reset that answers it (RFC 9293 section 3.10.7.1), in place: the
 * client learns at once that its connection is gone instead of retransmitting into a backend that is
 * down. Ethernet addresses, IP addresses and ports are swapped, the payload and any IPv4 options or IPv6
 * extension headers are cut, checksums are written whole. With an ACK in the segment the reset carries
 * {@code seq = SEG.ACK}; without, {@code seq = 0, ack = SEG.SEQ + SEG.LEN} and the ACK flag.
 * Stateless per packet.
 */
public final class TcpResetWriter {
    private static final int TTL = 64;

    /** Rewrites the frame in the view into the reset; returns the new frame length. */
    public int rewrite(PacketParser view) {
        MemorySegment s = view.segment();
        long base = view.base();
        long l3 = base + view.l3Offset();
        long l4 = base + view.l4Offset();
        long sequence = Integer.toUnsignedLong(i32(s, l4 + Headers.Tcp.SEQUENCE));
        long acknowledgment = Integer.toUnsignedLong(i32(s, l4 + Headers.Tcp.ACKNOWLEDGMENT));
        int flags = view.tcpFlags();
        int dataOffset = (NetworkOrder.u8(s, l4 + Headers.Tcp.DATA_OFFSET) >>> 4) * 4;
        int segmentLength = view.transportLength() - dataOffset
                + ((flags & Headers.Tcp.SYN) != 0 ? 1 : 0) + ((flags & Headers.Tcp.FIN) != 0 ? 1 : 0);

        backToSender(s, base);

        int l3Header = view.ipVersion() == 4 ? writeIpv4(s, l3) : writeIpv6(s, l3);
        long tcp = l3 + l3Header;
        int sourcePort = view.sourcePort();
        set16(s, tcp + Headers.Tcp.SOURCE_PORT, view.destinationPort());
        set16(s, tcp + Headers.Tcp.DESTINATION_PORT, sourcePort);
        if ((flags & Headers.Tcp.ACK) != 0) {
            set32(s, tcp + Headers.Tcp.SEQUENCE, (int) acknowledgment);
            set32(s, tcp + Headers.Tcp.ACKNOWLEDGMENT, 0);
            set8(s, tcp + Headers.Tcp.FLAGS, Headers.Tcp.RST);
        } else {
            set32(s, tcp + Headers.Tcp.SEQUENCE, 0);
            set32(s, tcp + Headers.Tcp.ACKNOWLEDGMENT, (int) (sequence + segmentLength));
            set8(s, tcp + Headers.Tcp.FLAGS, Headers.Tcp.RST | Headers.Tcp.ACK);
        }
        set8(s, tcp + Headers.Tcp.DATA_OFFSET, (Headers.Tcp.MIN_LENGTH / 4) << 4);
        set16(s, tcp + Headers.Tcp.WINDOW, 0);
        set16(s, tcp + Headers.Tcp.URGENT_POINTER, 0);
        set16(s, tcp + Headers.Tcp.CHECKSUM, 0);
        long pseudo = view.ipVersion() == 4
                ? Checksums.pseudoHeaderSumIpv4(i32(s, l3 + Headers.Ipv4.SOURCE), i32(s, l3 + Headers.Ipv4.DESTINATION),
                        Headers.PROTOCOL_TCP, Headers.Tcp.MIN_LENGTH)
                : Checksums.pseudoHeaderSumIpv6(i64(s, l3 + Headers.Ipv6.SOURCE), i64(s, l3 + Headers.Ipv6.SOURCE + 8),
                        i64(s, l3 + Headers.Ipv6.DESTINATION), i64(s, l3 + Headers.Ipv6.DESTINATION + 8),
                        Headers.PROTOCOL_TCP, Headers.Tcp.MIN_LENGTH);
        int sum = Checksums.sum(s, tcp, Headers.Tcp.MIN_LENGTH, pseudo);
        set16(s, tcp + Headers.Tcp.CHECKSUM, ~sum & 0xFFFF);
        return (int) (tcp - base) + Headers.Tcp.MIN_LENGTH;
    }

    /** Addresses the Ethernet header at {@code frame} back to where it came from: the MACs swapped, VLAN tags kept. */
    static void backToSender(MemorySegment s, long frame) {
        long sourceMac = mac(s, frame + Headers.Ethernet.SOURCE);
        setMac(s, frame + Headers.Ethernet.SOURCE, mac(s, frame + Headers.Ethernet.DESTINATION));
        setMac(s, frame + Headers.Ethernet.DESTINATION, sourceMac);
    }

    /** A 20-byte IPv4 header back to the client; returns its length. */
    private static int writeIpv4(MemorySegment s, long ip) {
        int source = i32(s, ip + Headers.Ipv4.SOURCE);
        set32(s, ip + Headers.Ipv4.SOURCE, i32(s, ip + Headers.Ipv4.DESTINATION));
        set32(s, ip + Headers.Ipv4.DESTINATION, source);
        set8(s, ip + Headers.Ipv4.VERSION_IHL, 0x45);
        set16(s, ip + Headers.Ipv4.TOTAL_LENGTH, Headers.Ipv4.MIN_LENGTH + Headers.Tcp.MIN_LENGTH);
        set16(s, ip + Headers.Ipv4.IDENTIFICATION, 0);
        set16(s, ip + Headers.Ipv4.FLAGS_FRAGMENT_OFFSET, Headers.Ipv4.FLAG_DONT_FRAGMENT);
        set8(s, ip + Headers.Ipv4.TTL, TTL);
        set8(s, ip + Headers.Ipv4.PROTOCOL, Headers.PROTOCOL_TCP);
        Checksums.writeIpv4HeaderChecksum(s, ip, Headers.Ipv4.MIN_LENGTH);
        return Headers.Ipv4.MIN_LENGTH;
    }

    /** A 40-byte IPv6 header back to the client, extension headers dropped; returns its length. */
    private static int writeIpv6(MemorySegment s, long ip) {
        long sourceHigh = i64(s, ip + Headers.Ipv6.SOURCE);
        long sourceLow = i64(s, ip + Headers.Ipv6.SOURCE + 8);
        set64(s, ip + Headers.Ipv6.SOURCE, i64(s, ip + Headers.Ipv6.DESTINATION));
        set64(s, ip + Headers.Ipv6.SOURCE + 8, i64(s, ip + Headers.Ipv6.DESTINATION + 8));
        set64(s, ip + Headers.Ipv6.DESTINATION, sourceHigh);
        set64(s, ip + Headers.Ipv6.DESTINATION + 8, sourceLow);
        set16(s, ip + Headers.Ipv6.PAYLOAD_LENGTH, Headers.Tcp.MIN_LENGTH);
        set8(s, ip + Headers.Ipv6.NEXT_HEADER, Headers.PROTOCOL_TCP);
        set8(s, ip + Headers.Ipv6.HOP_LIMIT, TTL);
        return Headers.Ipv6.LENGTH;
    }
}
