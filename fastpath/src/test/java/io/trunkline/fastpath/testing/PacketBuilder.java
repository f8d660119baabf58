package io.trunkline.fastpath.testing;

import io.trunkline.fastpath.packet.Headers;
import io.trunkline.fastpath.packet.IpAddresses;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds test frames byte by byte: Ethernet, VLAN tags, IPv4 (options, fragments) or IPv6
 * (extension headers, fragment header), then TCP, UDP, ICMP or ICMPv6 with correct lengths and
 * checksums from {@link ReferenceChecksum}. Test-only; nothing here is fast.
 */
public final class PacketBuilder {
    public static final long CLIENT_MAC = 0x02_00_00_00_00_01L;
    public static final long DISPATCHER_MAC = 0x02_00_00_00_00_02L;

    private long destinationMac = DISPATCHER_MAC;
    private long sourceMac = CLIENT_MAC;
    private final List<int[]> vlanTags = new ArrayList<>();
    private int etherType = -1;

    private int ipVersion;
    private byte[] source;
    private byte[] destination;
    private byte[] ipv4Options = new byte[0];
    private int ttl = 64;
    private int tos;
    private int identification = 0x1234;
    private boolean dontFragment;
    private boolean moreFragments;
    private int fragmentOffset;
    private final List<int[]> ipv6Extensions = new ArrayList<>();

    private int protocol = -1;
    private byte[] transportHeader = new byte[0];
    private int checksumAt = -1;
    private byte[] payload = new byte[0];
    private int padTo;

    public static PacketBuilder ipv4(String source, String destination) {
        PacketBuilder builder = new PacketBuilder();
        builder.ipVersion = 4;
        builder.source = intBytes(IpAddresses.parseIpv4(source));
        builder.destination = intBytes(IpAddresses.parseIpv4(destination));
        return builder;
    }

    public static PacketBuilder ipv6(String source, String destination) {
        PacketBuilder builder = new PacketBuilder();
        builder.ipVersion = 6;
        builder.source = ipv6Bytes(source);
        builder.destination = ipv6Bytes(destination);
        return builder;
    }

    /** A frame with no IP header: just Ethernet with this ethertype and payload. */
    public static PacketBuilder ethernetOnly(int etherType, byte[] payload) {
        PacketBuilder builder = new PacketBuilder();
        builder.etherType = etherType;
        builder.payload = payload;
        return builder;
    }

    public PacketBuilder macs(long destination, long source) {
        destinationMac = destination;
        sourceMac = source;
        return this;
    }

    public PacketBuilder vlan(int tpid, int vlanId) {
        vlanTags.add(new int[] {tpid, vlanId});
        return this;
    }

    public PacketBuilder ipv4Options(byte[] options) {
        ipv4Options = options;
        return this;
    }

    public PacketBuilder ttl(int value) {
        ttl = value;
        return this;
    }

    public PacketBuilder tos(int value) {
        tos = value;
        return this;
    }

    public PacketBuilder dontFragment() {
        dontFragment = true;
        return this;
    }

    /** IPv4 fragment fields, or an IPv6 fragment header appended to the extension chain. */
    public PacketBuilder fragment(int offsetBytes, boolean more) {
        if (ipVersion == 4) {
            fragmentOffset = offsetBytes;
            moreFragments = more;
        } else {
            ipv6Extensions.add(new int[] {Headers.PROTOCOL_FRAGMENT, offsetBytes, more ? 1 : 0});
        }
        return this;
    }

    /** An IPv6 hop-by-hop, routing or destination-options header of (lengthUnits + 1) * 8 bytes. */
    public PacketBuilder ipv6Extension(int type, int lengthUnits) {
        ipv6Extensions.add(new int[] {type, lengthUnits});
        return this;
    }

    public PacketBuilder tcp(int sourcePort, int destinationPort, int flags) {
        protocol = Headers.PROTOCOL_TCP;
        transportHeader = new byte[20];
        put16(transportHeader, 0, sourcePort);
        put16(transportHeader, 2, destinationPort);
        put32(transportHeader, 4, 0x01020304);
        put32(transportHeader, 8, 0x0A0B0C0D);
        transportHeader[12] = 0x50;
        transportHeader[13] = (byte) flags;
        put16(transportHeader, 14, 65535);
        checksumAt = 16;
        return this;
    }

    public PacketBuilder udp(int sourcePort, int destinationPort) {
        protocol = Headers.PROTOCOL_UDP;
        transportHeader = new byte[8];
        put16(transportHeader, 0, sourcePort);
        put16(transportHeader, 2, destinationPort);
        checksumAt = 6;
        return this;
    }

    /** ICMP (IPv4) or ICMPv6 (IPv6) header with the 4 bytes after the checksum, then {@code body}. */
    public PacketBuilder icmp(int type, int code, int restOfHeader, byte[] body) {
        protocol = ipVersion == 4 ? Headers.PROTOCOL_ICMP : Headers.PROTOCOL_ICMPV6;
        transportHeader = new byte[8];
        transportHeader[0] = (byte) type;
        transportHeader[1] = (byte) code;
        put32(transportHeader, 4, restOfHeader);
        checksumAt = 2;
        payload = body;
        return this;
    }

    /** Any other protocol: the bytes are carried as they are, no checksum. */
    public PacketBuilder rawTransport(int protocolNumber, byte[] bytes) {
        protocol = protocolNumber;
        transportHeader = bytes;
        checksumAt = -1;
        return this;
    }

    public PacketBuilder payload(byte[] bytes) {
        payload = bytes;
        return this;
    }

    /** Ethernet padding: the frame is extended with zeros to at least this length. */
    public PacketBuilder padTo(int frameLength) {
        padTo = frameLength;
        return this;
    }

    public byte[] build() {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        byte[] l2 = new byte[12];
        put48(l2, 0, destinationMac);
        put48(l2, 6, sourceMac);
        frame.writeBytes(l2);
        for (int[] tag : vlanTags) {
            frame.writeBytes(new byte[] {(byte) (tag[0] >>> 8), (byte) tag[0], (byte) (tag[1] >>> 8), (byte) tag[1]});
        }
        int type = etherType >= 0 ? etherType : ipVersion == 4 ? Headers.ETHERTYPE_IPV4 : Headers.ETHERTYPE_IPV6;
        frame.writeBytes(new byte[] {(byte) (type >>> 8), (byte) type});
        frame.writeBytes(ipVersion == 0 ? payload : buildIp());
        byte[] bytes = frame.toByteArray();
        return bytes.length < padTo ? Arrays.copyOf(bytes, padTo) : bytes;
    }

    /** The IP packet alone, as an ICMP error would quote it. */
    public byte[] buildIp() {
        byte[] transport = transport();
        return ipVersion == 4 ? ipv4Packet(transport) : ipv6Packet(transport);
    }

    private byte[] transport() {
        byte[] transport = concat(transportHeader, payload);
        if (protocol == Headers.PROTOCOL_UDP && checksumAt >= 0) {
            put16(transport, 4, transport.length);
        }
        if (checksumAt >= 0) {
            int initial = protocol == Headers.PROTOCOL_ICMP ? 0
                    : ReferenceChecksum.pseudoHeader(source, destination, protocol, transport.length);
            int checksum = ReferenceChecksum.checksum(transport, 0, transport.length, initial);
            put16(transport, checksumAt, checksum == 0 && protocol == Headers.PROTOCOL_UDP ? 0xFFFF : checksum);
        }
        return transport;
    }

    private byte[] ipv4Packet(byte[] transport) {
        byte[] header = new byte[20 + ipv4Options.length];
        header[0] = (byte) (0x40 | header.length / 4);
        header[1] = (byte) tos;
        put16(header, 2, header.length + transport.length);
        put16(header, 4, identification);
        put16(header, 6, (dontFragment ? 0x4000 : 0) | (moreFragments ? 0x2000 : 0) | fragmentOffset / 8);
        header[8] = (byte) ttl;
        header[9] = (byte) protocol;
        System.arraycopy(source, 0, header, 12, 4);
        System.arraycopy(destination, 0, header, 16, 4);
        System.arraycopy(ipv4Options, 0, header, 20, ipv4Options.length);
        put16(header, 10, ReferenceChecksum.checksum(header, 0, header.length, 0));
        return concat(header, transport);
    }

    private byte[] ipv6Packet(byte[] transport) {
        ByteArrayOutputStream extensions = new ByteArrayOutputStream();
        for (int i = 0; i < ipv6Extensions.size(); i++) {
            int[] extension = ipv6Extensions.get(i);
            int next = i + 1 < ipv6Extensions.size() ? ipv6Extensions.get(i + 1)[0] : protocol;
            byte[] bytes;
            if (extension[0] == Headers.PROTOCOL_FRAGMENT) {
                bytes = new byte[8];
                put16(bytes, 2, extension[1] | extension[2]);
                put32(bytes, 4, 0xCAFE);
            } else {
                bytes = new byte[(extension[1] + 1) * 8];
                bytes[1] = (byte) extension[1];
                bytes[2] = 1; // PadN option filling the rest
                bytes[3] = (byte) (bytes.length - 4);
            }
            bytes[0] = (byte) next;
            extensions.writeBytes(bytes);
        }
        byte[] chain = extensions.toByteArray();
        byte[] header = new byte[40];
        put32(header, 0, 6 << 28 | tos << 20 | 0x12345);
        put16(header, 4, chain.length + transport.length);
        header[6] = (byte) (ipv6Extensions.isEmpty() ? protocol : ipv6Extensions.get(0)[0]);
        header[7] = (byte) ttl;
        System.arraycopy(source, 0, header, 8, 16);
        System.arraycopy(destination, 0, header, 24, 16);
        return concat(header, concat(chain, transport));
    }

    public static byte[] concat(byte[] first, byte[] second) {
        byte[] joined = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        return joined;
    }

    public static byte[] intBytes(int value) {
        byte[] bytes = new byte[4];
        put32(bytes, 0, value);
        return bytes;
    }

    public static byte[] ipv6Bytes(String text) {
        IpAddresses.Ipv6Address address = IpAddresses.parseIpv6(text);
        byte[] bytes = new byte[16];
        put32(bytes, 0, (int) (address.high() >>> 32));
        put32(bytes, 4, (int) address.high());
        put32(bytes, 8, (int) (address.low() >>> 32));
        put32(bytes, 12, (int) address.low());
        return bytes;
    }

    public static void put16(byte[] bytes, int at, int value) {
        bytes[at] = (byte) (value >>> 8);
        bytes[at + 1] = (byte) value;
    }

    public static void put32(byte[] bytes, int at, int value) {
        put16(bytes, at, value >>> 16);
        put16(bytes, at + 2, value);
    }

    public static void put48(byte[] bytes, int at, long value) {
        put16(bytes, at, (int) (value >>> 32));
        put32(bytes, at + 2, (int) value);
    }

    public static int get16(byte[] bytes, int at) {
        return (bytes[at] & 0xFF) << 8 | bytes[at + 1] & 0xFF;
    }
}
