package io.trunkline.fastpath.packet;

import static io.trunkline.fastpath.packet.NetworkOrder.i32;
import static io.trunkline.fastpath.packet.NetworkOrder.set16;
import static io.trunkline.fastpath.packet.NetworkOrder.u16;
import static io.trunkline.fastpath.packet.NetworkOrder.u8;

import java.lang.foreign.MemorySegment;

/**
 * The Internet checksum (RFC 1071): full sums for building and verifying headers, and the RFC 1624
 * incremental updates NAT uses so that a rewrite costs a few additions instead of a pass over the
 * payload. All values are 16-bit quantities in the low bits of an int, in host order.
 */
public final class Checksums {
    private Checksums() {
    }

    /** Folds carries back into 16 bits: the one's-complement sum. */
    public static int fold(long sum) {
        long folded = sum;
        while ((folded >>> 16) != 0) {
            folded = (folded & 0xFFFF) + (folded >>> 16);
        }
        return (int) folded;
    }

    /** One's-complement sum of {@code length} bytes from {@code offset} added to {@code initial}, folded; an odd last byte is padded with zero. */
    public static int sum(MemorySegment segment, long offset, int length, long initial) {
        long sum = initial;
        int i = 0;
        for (; i + 4 <= length; i += 4) {
            sum += Integer.toUnsignedLong(i32(segment, offset + i));
        }
        if (i + 2 <= length) {
            sum += u16(segment, offset + i);
            i += 2;
        }
        if (i < length) {
            sum += u8(segment, offset + i) << 8;
        }
        return fold(sum);
    }

    /** The header checksum field value for an IPv4 header, computed as if the field were zero. */
    public static int ipv4HeaderChecksum(MemorySegment segment, long ipv4Offset, int headerLength) {
        int withField = sum(segment, ipv4Offset, headerLength, 0);
        int field = u16(segment, ipv4Offset + Headers.Ipv4.CHECKSUM);
        return ~fold(withField + (~field & 0xFFFF)) & 0xFFFF;
    }

    /** Computes and stores the header checksum of the IPv4 header at {@code ipv4Offset}. */
    public static void writeIpv4HeaderChecksum(MemorySegment segment, long ipv4Offset, int headerLength) {
        set16(segment, ipv4Offset + Headers.Ipv4.CHECKSUM, ipv4HeaderChecksum(segment, ipv4Offset, headerLength));
    }

    /** True when the IPv4 header, checksum field included, sums to 0xFFFF. */
    public static boolean ipv4HeaderChecksumValid(MemorySegment segment, long ipv4Offset, int headerLength) {
        return sum(segment, ipv4Offset, headerLength, 0) == 0xFFFF;
    }

    /** Unfolded sum of the IPv4 pseudo-header (RFC 793 / 768): addresses, protocol, transport length. */
    public static long pseudoHeaderSumIpv4(int source, int destination, int protocol, int transportLength) {
        return (source >>> 16) + (source & 0xFFFF) + (destination >>> 16) + (destination & 0xFFFF)
                + protocol + transportLength;
    }

    /** Unfolded sum of the IPv6 pseudo-header (RFC 8200 section 8.1). */
    public static long pseudoHeaderSumIpv6(long sourceHigh, long sourceLow, long destinationHigh, long destinationLow,
                                           int protocol, int transportLength) {
        return words(sourceHigh) + words(sourceLow) + words(destinationHigh) + words(destinationLow)
                + protocol + (transportLength >>> 16) + (transportLength & 0xFFFF);
    }

    /**
     * The transport checksum field value for the parsed packet (TCP, UDP, ICMPv6 with the pseudo-header,
     * ICMPv4 without), computed as if the field were zero. For UDP a result of 0 is returned as 0xFFFF
     * since 0 means "no checksum". Valid only when {@code view.hasTransportHeader()}.
     */
    public static int transportChecksum(PacketParser view) {
        long field = view.base() + view.transportChecksumOffset();
        int withField = sum(view.segment(), view.base() + view.l4Offset(), view.transportLength(), pseudoHeaderSum(view));
        int checksum = ~fold(withField + (~u16(view.segment(), field) & 0xFFFF)) & 0xFFFF;
        return checksum == 0 && view.protocol() == Headers.PROTOCOL_UDP ? 0xFFFF : checksum;
    }

    /** True when the transport checksum of the parsed packet verifies (a zero IPv4 UDP checksum counts as valid). */
    public static boolean transportChecksumValid(PacketParser view) {
        int field = u16(view.segment(), view.base() + view.transportChecksumOffset());
        if (field == 0 && view.protocol() == Headers.PROTOCOL_UDP && view.ipVersion() == 4) {
            return true;
        }
        return sum(view.segment(), view.base() + view.l4Offset(), view.transportLength(), pseudoHeaderSum(view)) == 0xFFFF;
    }

    /** The pseudo-header sum for the parsed packet; zero for ICMPv4, which has none. */
    public static long pseudoHeaderSum(PacketParser view) {
        if (view.protocol() == Headers.PROTOCOL_ICMP) {
            return 0;
        }
        if (view.ipVersion() == 4) {
            return pseudoHeaderSumIpv4(view.ipv4Source(), view.ipv4Destination(), view.protocol(), view.transportLength());
        }
        return pseudoHeaderSumIpv6(view.ipv6SourceHigh(), view.ipv6SourceLow(), view.ipv6DestinationHigh(),
                view.ipv6DestinationLow(), view.protocol(), view.transportLength());
    }

    /** RFC 1624 eqn. 3 for a 16-bit field changing from {@code oldValue} to {@code newValue}: HC' = ~(~HC + ~m + m'). */
    public static int update16(int checksum, int oldValue, int newValue) {
        return ~fold((long) (~checksum & 0xFFFF) + (~oldValue & 0xFFFF) + (newValue & 0xFFFF)) & 0xFFFF;
    }

    /** RFC 1624 update for a 32-bit field (an IPv4 address, or two adjacent 16-bit fields). */
    public static int update32(int checksum, int oldValue, int newValue) {
        long sum = (~checksum & 0xFFFF)
                + (~oldValue >>> 16 & 0xFFFF) + (~oldValue & 0xFFFF)
                + (newValue >>> 16) + (newValue & 0xFFFF);
        return ~fold(sum) & 0xFFFF;
    }

    /** RFC 1624 update for a 128-bit field (an IPv6 address), given as high and low 64 bits. */
    public static int update128(int checksum, long oldHigh, long oldLow, long newHigh, long newLow) {
        long sum = (~checksum & 0xFFFF) + words(~oldHigh) + words(~oldLow) + words(newHigh) + words(newLow);
        return ~fold(sum) & 0xFFFF;
    }

    private static long words(long value) {
        return (value >>> 48) + (value >>> 32 & 0xFFFF) + (value >>> 16 & 0xFFFF) + (value & 0xFFFF);
    }
}
