package io.trunkline.controlplane.config;

import io.trunkline.fastpath.packet.IpAddresses;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.regex.Pattern;

/**
 * IP address literals as the config file writes them. Parsing never resolves a name: a config
 * loads the same way with or without DNS. IPv6 is printed in the RFC 5952 short form.
 */
public final class Addresses {
    static final InetAddress WILDCARD_V4 = Inet4Address.ofLiteral("0.0.0.0");
    static final InetAddress LOOPBACK_V4 = Inet4Address.ofLiteral("127.0.0.1");

    private static final Pattern DOTTED_QUAD = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final Pattern PORT = Pattern.compile("\\d{1,5}");

    private Addresses() {
    }

    /** An IPv4 dotted quad or an IPv6 literal without zone. */
    public static InetAddress parse(String text) {
        try {
            if (text.indexOf(':') >= 0 && IPV6_CHARS.matcher(text).matches()) {
                return Inet6Address.ofLiteral(text);
            }
            if (DOTTED_QUAD.matcher(text).matches()) {
                return Inet4Address.ofLiteral(text);
            }
        } catch (IllegalArgumentException e) {
            // falls through to the one message for every malformed literal
        }
        throw new IllegalArgumentException("must be an IPv4 or IPv6 address");
    }

    /** {@code 198.18.2.1:7400} or {@code [2001:db8::1]:7400}; the port 1..65535. */
    public static InetSocketAddress parseSocket(String text) {
        int colon = text.lastIndexOf(':');
        String host = colon < 0 ? "" : text.substring(0, colon);
        String port = colon < 0 ? "" : text.substring(colon + 1);
        boolean bracketed = host.startsWith("[") && host.endsWith("]");
        if (!PORT.matcher(port).matches() || host.isEmpty() || (host.indexOf(':') >= 0 && !bracketed)) {
            throw new IllegalArgumentException("must be ADDRESS:PORT (IPv6 as [ADDRESS]:PORT)");
        }
        int portNumber = Integer.parseInt(port);
        if (portNumber < 1 || portNumber > 65535) {
            throw new IllegalArgumentException("must have a port within 1..65535");
        }
        String literal = bracketed ? host.substring(1, host.length() - 1) : host;
        InetAddress address = parse(literal);
        if (bracketed != (address instanceof Inet6Address)) {
            throw new IllegalArgumentException("must be ADDRESS:PORT (IPv6 as [ADDRESS]:PORT)");
        }
        return new InetSocketAddress(address, portNumber);
    }

    public static String format(InetAddress address) {
        return address instanceof Inet6Address ? formatV6(address.getAddress()) : address.getHostAddress();
    }

    public static String format(InetSocketAddress socket) {
        InetAddress address = socket.getAddress();
        String host = format(address);
        return (address instanceof Inet6Address ? "[" + host + "]" : host) + ":" + socket.getPort();
    }

    /** "IPv4" or "IPv6", for messages. */
    public static String family(InetAddress address) {
        return address instanceof Inet6Address ? "IPv6" : "IPv4";
    }

    static boolean sameFamily(InetAddress a, InetAddress b) {
        return (a instanceof Inet6Address) == (b instanceof Inet6Address);
    }

    /** RFC 5952 text of an IPv6 address, by the fast path's formatter. */
    private static String formatV6(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        return IpAddresses.formatIpv6(b.getLong(), b.getLong());
    }
}
