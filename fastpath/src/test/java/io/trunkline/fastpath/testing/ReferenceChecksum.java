package io.trunkline.fastpath.testing;

/**
 * A deliberately naive Internet checksum over byte arrays, written apart from {@link Checksums} so
 * that tests check the production code against an independent implementation.
 */
public final class ReferenceChecksum {
    private ReferenceChecksum() {
    }

    /** One's-complement sum of 16-bit big-endian words, folded after every addition. */
    public static int sum(byte[] bytes, int from, int length, int initial) {
        int sum = initial;
        for (int i = 0; i < length; i += 2) {
            int hi = bytes[from + i] & 0xFF;
            int lo = i + 1 < length ? bytes[from + i + 1] & 0xFF : 0;
            sum += hi << 8 | lo;
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return sum;
    }

    public static int checksum(byte[] bytes, int from, int length, int initial) {
        return ~sum(bytes, from, length, initial) & 0xFFFF;
    }

    /** Pseudo-header sum from raw address bytes (4 or 16 each). */
    public static int pseudoHeader(byte[] source, byte[] destination, int protocol, int length) {
        int sum = sum(source, 0, source.length, 0);
        sum = sum(destination, 0, destination.length, sum);
        byte[] rest = {0, 0, 0, (byte) protocol, (byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
        return sum(rest, 0, rest.length, sum);
    }

    /** True when the IPv4 header at {@code ip} verifies. */
    public static boolean ipv4HeaderValid(byte[] frame, int ip) {
        int headerLength = (frame[ip] & 0x0F) * 4;
        return sum(frame, ip, headerLength, 0) == 0xFFFF;
    }

    /**
     * True when the transport checksum at {@code l4} verifies, the pseudo-header taken from the IP
     * header at {@code ip} (IPv4 or IPv6 without extension headers changing the destination).
     */
    public static boolean transportValid(byte[] frame, int ip, int l4, int end, int protocol) {
        int version = (frame[ip] & 0xFF) >>> 4;
        int initial = 0;
        if (protocol != 1) {
            int addressLength = version == 4 ? 4 : 16;
            int sourceAt = version == 4 ? ip + 12 : ip + 8;
            byte[] source = java.util.Arrays.copyOfRange(frame, sourceAt, sourceAt + addressLength);
            byte[] destination = java.util.Arrays.copyOfRange(frame, sourceAt + addressLength, sourceAt + 2 * addressLength);
            initial = pseudoHeader(source, destination, protocol, end - l4);
        }
        return sum(frame, l4, end - l4, initial) == 0xFFFF;
    }
}
