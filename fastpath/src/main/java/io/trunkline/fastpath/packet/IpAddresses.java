package io.trunkline.fastpath.packet;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Text forms of the addresses the fast path holds as numbers: IPv4 as an int, IPv6 as two longs
 * (high and low 64 bits, network order). Parsing accepts literals only and never resolves names.
 * For configuration, the control plane and tests, not the packet path.
 */
public final class IpAddresses {
    private IpAddresses() {
    }

    /** Parses a dotted-quad IPv4 literal. */
    public static int parseIpv4(String text) {
        if (!(literal(text) instanceof Inet4Address address)) {
            throw new IllegalArgumentException("not an IPv4 address: " + text);
        }
        return ipv4(address);
    }

    /** An IPv4 address as the int the fast path holds. */
    public static int ipv4(Inet4Address address) {
        byte[] bytes = address.getAddress();
        return (bytes[0] & 0xFF) << 24 | (bytes[1] & 0xFF) << 16 | (bytes[2] & 0xFF) << 8 | (bytes[3] & 0xFF);
    }

    /** The high 64 bits of an address in the session table's form: 0 for IPv4. */
    public static long high(InetAddress address) {
        return address instanceof Inet4Address ? 0 : bigEndianLong(address.getAddress(), 0);
    }

    /** The low 64 bits of an address in the session table's form: {@code ::ffff:a.b.c.d} for IPv4. */
    public static long low(InetAddress address) {
        return address instanceof Inet4Address v4 ? ipv4Mapped(ipv4(v4)) : bigEndianLong(address.getAddress(), 8);
    }

    /** The low half of {@code ::ffff:a.b.c.d}, the session table's form of an IPv4 address. */
    public static long ipv4Mapped(int address) {
        return 0x0000_ffff_0000_0000L | Integer.toUnsignedLong(address);
    }

    public static String formatIpv4(int address) {
        return (address >>> 24) + "." + (address >>> 16 & 0xFF) + "." + (address >>> 8 & 0xFF) + "." + (address & 0xFF);
    }

    /** Parses an IPv6 literal (without brackets or scope). */
    public static Ipv6Address parseIpv6(String text) {
        if (!(literal(text) instanceof Inet6Address address)) {
            throw new IllegalArgumentException("not an IPv6 address: " + text);
        }
        byte[] bytes = address.getAddress();
        return new Ipv6Address(bigEndianLong(bytes, 0), bigEndianLong(bytes, 8));
    }

    /** RFC 5952 text: lower case, leading zeros dropped, the longest run of two or more zero groups as "::". */
    public static String formatIpv6(long high, long low) {
        int[] groups = new int[8];
        for (int i = 0; i < 4; i++) {
            groups[i] = (int) (high >>> (48 - 16 * i)) & 0xFFFF;
            groups[i + 4] = (int) (low >>> (48 - 16 * i)) & 0xFFFF;
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int run = 0;
            while (i + run < 8 && groups[i + run] == 0) {
                run++;
            }
            if (run > bestLength) {
                bestStart = i;
                bestLength = run;
            }
            i += Math.max(run, 1);
        }
        StringBuilder text = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (!text.isEmpty() && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    private static InetAddress literal(String text) {
        try {
            return InetAddress.ofLiteral(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an IP address literal: " + text, e);
        }
    }

    private static long bigEndianLong(byte[] bytes, int from) {
        long value = 0;
        for (int i = from; i < from + 8; i++) {
            value = value << 8 | (bytes[i] & 0xFF);
        }
        return value;
    }

    /** An IPv6 address as the parser and rewriters hold it. */
    public record Ipv6Address(long high, long low) {
        @Override
        public String toString() {
            return formatIpv6(high, low);
        }
    }
}
