package io.trunkline.store;

import net.openhft.chronicle.bytes.Bytes;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The key of a session: protocol, client address and port, VIP address and port, IPv4 or IPv6.
 * <p>
 * Mutable and reusable so that a lookup allocates nothing: a worker keeps one instance and
 * refills it per packet with {@link #ipv4} or {@link #ipv6}. Not thread-safe; one owner thread.
 * <p>
 * Addresses are held as two 64-bit halves in network order of significance ({@code hi} holds
 * the first eight bytes of the address as written on the wire). An IPv4 address is stored as
 * its IPv4-mapped IPv6 form {@code ::ffff:a.b.c.d} (hi = 0, lo = 0x0000_ffff_aabb_ccdd), so an
 * IPv4 and an IPv6 key share one fixed layout; the family byte still tells them apart, so
 * an IPv4 flow and a flow that really arrived as IPv6 to {@code ::ffff:a.b.c.d} are different keys.
 * Ports and protocol keep their low 16 and 8 bits.
 * <p>
 * Binary layout ({@link #SIZE} bytes, every field little-endian), the same in the session table and
 * in replication records:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                 Client Address, high 64 bits                  |  0
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                 Client Address, low 64 bits                   |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                   VIP Address, high 64 bits                   | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                   VIP Address, low 64 bits                    | 24
 *  |                                                               |
 *  +-------------------------------+-------------------------------+
 *  |          Client Port          |           VIP Port            | 32
 *  +---------------+---------------+-------------------------------+
 *  |   Protocol    |  Family 4|6   |        Reserved (zero)        | 36
 *  +---------------+---------------+-------------------------------+
 * </pre>
 * The session table compares keys byte by byte, so the reserved bytes are always written as zero.
 */
public final class FlowKey {
    /** Encoded size in bytes. */
    public static final int SIZE = 40;

    public static final int CLIENT_HI_OFFSET = 0;
    public static final int CLIENT_LO_OFFSET = 8;
    public static final int VIP_HI_OFFSET = 16;
    public static final int VIP_LO_OFFSET = 24;
    public static final int CLIENT_PORT_OFFSET = 32;
    public static final int VIP_PORT_OFFSET = 34;
    public static final int PROTOCOL_OFFSET = 36;
    public static final int FAMILY_OFFSET = 37;
    public static final int RESERVED_OFFSET = 38;

    public static final int FAMILY_IPV4 = 4;
    public static final int FAMILY_IPV6 = 6;

    public static final int PROTOCOL_ICMP = 1;
    public static final int PROTOCOL_TCP = 6;
    public static final int PROTOCOL_UDP = 17;
    public static final int PROTOCOL_ICMPV6 = 58;

    static final long IPV4_MAPPED_PREFIX = 0x0000_ffff_0000_0000L;

    static final ValueLayout.OfLong LONG_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt INT_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfShort SHORT_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    // xxHash64 primes: hash() runs xxHash64's 8-byte tail round over five words, then its avalanche.
    private static final long PRIME64_1 = 0x9E3779B185EBCA87L;
    private static final long PRIME64_2 = 0xC2B2AE3D27D4EB4FL;
    private static final long PRIME64_3 = 0x165667B19E3779F9L;
    private static final long PRIME64_4 = 0x85EBCA77C2B2AE63L;
    private static final long PRIME64_5 = 0x27D4EB2F165667C5L;

    private long clientHi;
    private long clientLo;
    private long vipHi;
    private long vipLo;
    private short clientPort;
    private short vipPort;
    private byte protocol;
    private byte family;

    /** An IPv4 key with every field zero; fill it with {@link #ipv4} or {@link #ipv6}. */
    public FlowKey() {
        family = FAMILY_IPV4;
        clientLo = IPV4_MAPPED_PREFIX;
        vipLo = IPV4_MAPPED_PREFIX;
    }

    /**
     * Sets an IPv4 flow.
     *
     * @param clientAddress the client's IPv4 address as an int, first octet in the most significant byte
     *                      (198.18.0.1 is {@code 0xC6120001})
     * @param vipAddress    the VIP's IPv4 address, same form
     * @return this
     */
    public FlowKey ipv4(int protocol, int clientAddress, int clientPort, int vipAddress, int vipPort) {
        this.clientHi = 0;
        this.clientLo = IPV4_MAPPED_PREFIX | (clientAddress & 0xFFFF_FFFFL);
        this.vipHi = 0;
        this.vipLo = IPV4_MAPPED_PREFIX | (vipAddress & 0xFFFF_FFFFL);
        return ports(protocol, FAMILY_IPV4, clientPort, vipPort);
    }

    /**
     * Sets an IPv6 flow. Each address is given as two halves, {@code hi} being the first eight bytes
     * on the wire read as a big-endian long (2001:db8::1 is hi {@code 0x20010db800000000L}, lo {@code 1}).
     *
     * @return this
     */
    public FlowKey ipv6(int protocol, long clientHi, long clientLo, int clientPort, long vipHi, long vipLo, int vipPort) {
        this.clientHi = clientHi;
        this.clientLo = clientLo;
        this.vipHi = vipHi;
        this.vipLo = vipLo;
        return ports(protocol, FAMILY_IPV6, clientPort, vipPort);
    }

    private FlowKey ports(int protocol, int family, int clientPort, int vipPort) {
        this.protocol = (byte) protocol;
        this.family = (byte) family;
        this.clientPort = (short) clientPort;
        this.vipPort = (short) vipPort;
        return this;
    }

    /** IP protocol number: 6 TCP, 17 UDP, ... */
    public int protocol() {
        return protocol & 0xFF;
    }

    /** 4 or 6. */
    public int family() {
        return family;
    }

    public boolean isIpv6() {
        return family == FAMILY_IPV6;
    }

    public int clientPort() {
        return clientPort & 0xFFFF;
    }

    public int vipPort() {
        return vipPort & 0xFFFF;
    }

    /** High half of the client address (zero for IPv4). */
    public long clientHi() {
        return clientHi;
    }

    /** Low half of the client address ({@code 0x0000_ffff_aabb_ccdd} for IPv4 a.b.c.d). */
    public long clientLo() {
        return clientLo;
    }

    public long vipHi() {
        return vipHi;
    }

    public long vipLo() {
        return vipLo;
    }

    /** The client's IPv4 address; meaningful only when {@link #isIpv6()} is false. */
    public int clientIpv4() {
        return (int) clientLo;
    }

    /** The VIP's IPv4 address; meaningful only when {@link #isIpv6()} is false. */
    public int vipIpv4() {
        return (int) vipLo;
    }

    /** @return this */
    public FlowKey copyFrom(FlowKey other) {
        clientHi = other.clientHi;
        clientLo = other.clientLo;
        vipHi = other.vipHi;
        vipLo = other.vipLo;
        clientPort = other.clientPort;
        vipPort = other.vipPort;
        protocol = other.protocol;
        family = other.family;
        return this;
    }

    /**
     * A 32-bit hash that every process and every dispatcher computes alike, for choices that must agree
     * without coordination (the consistent-hash fallback). Fixed algorithm, never to change: starting
     * from xxHash64's PRIME64_5, the xxHash64 8-byte round is applied to clientHi, clientLo, vipHi, vipLo
     * and {@code protocol << 40 | family << 32 | clientPort << 16 | vipPort}, then the xxHash64 avalanche;
     * the result is the low 32 bits.
     */
    public int hash() {
        long h = PRIME64_5;
        h = round(h, clientHi);
        h = round(h, clientLo);
        h = round(h, vipHi);
        h = round(h, vipLo);
        h = round(h, (long) protocol() << 40 | (long) family << 32 | (long) clientPort() << 16 | vipPort());
        h ^= h >>> 33;
        h *= PRIME64_2;
        h ^= h >>> 29;
        h *= PRIME64_3;
        h ^= h >>> 32;
        return (int) h;
    }

    private static long round(long hash, long word) {
        hash ^= Long.rotateLeft(word * PRIME64_2, 31) * PRIME64_1;
        return Long.rotateLeft(hash, 27) * PRIME64_1 + PRIME64_4;
    }

    /** Writes {@link #SIZE} bytes at {@code offset}. */
    public void encode(MemorySegment segment, long offset) {
        segment.set(LONG_LE, offset + CLIENT_HI_OFFSET, clientHi);
        segment.set(LONG_LE, offset + CLIENT_LO_OFFSET, clientLo);
        segment.set(LONG_LE, offset + VIP_HI_OFFSET, vipHi);
        segment.set(LONG_LE, offset + VIP_LO_OFFSET, vipLo);
        segment.set(SHORT_LE, offset + CLIENT_PORT_OFFSET, clientPort);
        segment.set(SHORT_LE, offset + VIP_PORT_OFFSET, vipPort);
        segment.set(ValueLayout.JAVA_BYTE, offset + PROTOCOL_OFFSET, protocol);
        segment.set(ValueLayout.JAVA_BYTE, offset + FAMILY_OFFSET, family);
        segment.set(SHORT_LE, offset + RESERVED_OFFSET, (short) 0);
    }

    /**
     * Reads {@link #SIZE} bytes at {@code offset} as written by {@link #encode}. Does not validate:
     * records reach here only after the replication layer authenticated them.
     *
     * @return this
     */
    public FlowKey decode(MemorySegment segment, long offset) {
        clientHi = segment.get(LONG_LE, offset + CLIENT_HI_OFFSET);
        clientLo = segment.get(LONG_LE, offset + CLIENT_LO_OFFSET);
        vipHi = segment.get(LONG_LE, offset + VIP_HI_OFFSET);
        vipLo = segment.get(LONG_LE, offset + VIP_LO_OFFSET);
        clientPort = segment.get(SHORT_LE, offset + CLIENT_PORT_OFFSET);
        vipPort = segment.get(SHORT_LE, offset + VIP_PORT_OFFSET);
        protocol = segment.get(ValueLayout.JAVA_BYTE, offset + PROTOCOL_OFFSET);
        family = segment.get(ValueLayout.JAVA_BYTE, offset + FAMILY_OFFSET);
        return this;
    }

    /** Chronicle Bytes are little-endian on every platform Chronicle Map supports: the same layout as {@link #encode}. */
    void writeTo(Bytes<?> out) {
        out.writeLong(clientHi);
        out.writeLong(clientLo);
        out.writeLong(vipHi);
        out.writeLong(vipLo);
        out.writeShort(clientPort);
        out.writeShort(vipPort);
        out.writeByte(protocol);
        out.writeByte(family);
        out.writeShort((short) 0);
    }

    void readFrom(Bytes<?> in) {
        clientHi = in.readLong();
        clientLo = in.readLong();
        vipHi = in.readLong();
        vipLo = in.readLong();
        clientPort = in.readShort();
        vipPort = in.readShort();
        protocol = in.readByte();
        family = in.readByte();
        in.readShort();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlowKey k
            && clientHi == k.clientHi && clientLo == k.clientLo
            && vipHi == k.vipHi && vipLo == k.vipLo
            && clientPort == k.clientPort && vipPort == k.vipPort
            && protocol == k.protocol && family == k.family;
    }

    @Override
    public int hashCode() {
        return hash();
    }

    /** For logs and dumps, e.g. {@code tcp 198.18.0.1:1234 -> 198.19.0.1:80} or {@code udp [2001:db8::1]:53 -> [2001:db8::2]:53}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(96).append(protocolName(protocol())).append(' ');
        appendEndpoint(sb, clientHi, clientLo, clientPort()).append(" -> ");
        return appendEndpoint(sb, vipHi, vipLo, vipPort()).toString();
    }

    private static String protocolName(int protocol) {
        return switch (protocol) {
            case PROTOCOL_TCP -> "tcp";
            case PROTOCOL_UDP -> "udp";
            case PROTOCOL_ICMP -> "icmp";
            case PROTOCOL_ICMPV6 -> "icmpv6";
            default -> "proto-" + protocol;
        };
    }

    private StringBuilder appendEndpoint(StringBuilder sb, long hi, long lo, int port) {
        if (isIpv6()) {
            appendIpv6(sb.append('['), hi, lo).append(']');
        } else {
            appendIpv4(sb, (int) lo);
        }
        return sb.append(':').append(port);
    }

    static StringBuilder appendIpv4(StringBuilder sb, int address) {
        return sb.append(address >>> 24).append('.').append(address >>> 16 & 0xFF).append('.')
            .append(address >>> 8 & 0xFF).append('.').append(address & 0xFF);
    }

    /** RFC 5952 text: lower-case hex, the longest run of two or more zero groups (the first on a tie) as "::". */
    static StringBuilder appendIpv6(StringBuilder sb, long hi, long lo) {
        int[] groups = new int[8];
        for (int i = 0; i < 4; i++) {
            groups[i] = (int) (hi >>> (48 - 16 * i)) & 0xFFFF;
            groups[i + 4] = (int) (lo >>> (48 - 16 * i)) & 0xFFFF;
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (i > 0 && i != bestStart + bestLength) {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb;
    }
}
