package io.trunkline.controlplane.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * An interface address with its on-link prefix, {@code 198.18.1.2/24}: the address is the
 * dispatcher's own, the prefix says which neighbours are reachable without a router.
 *
 * @param address      the address
 * @param prefixLength 0..32 for IPv4, 0..128 for IPv6
 */
public record Cidr(InetAddress address, int prefixLength) {
    public Cidr {
        Objects.requireNonNull(address, "address");
        if (prefixLength < 0 || prefixLength > maxPrefix(address)) {
            throw new IllegalArgumentException("prefix length must be 0.." + maxPrefix(address));
        }
    }

    /** Parses {@code ADDRESS/PREFIX}. */
    public static Cidr parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0 || slash == text.length() - 1 || !text.substring(slash + 1).chars().allMatch(Character::isDigit)
                || text.length() - slash > 4) {
            throw new IllegalArgumentException("must be ADDRESS/PREFIX like 198.18.1.2/24 or 2001:db8::2/64");
        }
        InetAddress address = Addresses.parse(text.substring(0, slash));
        int prefix = Integer.parseInt(text.substring(slash + 1));
        if (prefix > maxPrefix(address)) {
            throw new IllegalArgumentException("must have a prefix length within 0.." + maxPrefix(address));
        }
        return new Cidr(address, prefix);
    }

    /** Whether {@code other} is on this prefix's network (same family, same leading prefix bits). */
    public boolean contains(InetAddress other) {
        byte[] mine = address.getAddress();
        byte[] theirs = other.getAddress();
        if (mine.length != theirs.length) {
            return false;
        }
        for (int bit = 0; bit < prefixLength; bit++) {
            int mask = 0x80 >>> (bit & 7);
            if ((mine[bit >>> 3] & mask) != (theirs[bit >>> 3] & mask)) {
                return false;
            }
        }
        return true;
    }

    private static int maxPrefix(InetAddress address) {
        return address instanceof Inet4Address ? 32 : 128;
    }

    @Override
    public String toString() {
        return Addresses.format(address) + "/" + prefixLength;
    }
}
