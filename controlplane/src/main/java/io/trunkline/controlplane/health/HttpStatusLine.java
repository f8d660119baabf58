package io.trunkline.controlplane.health;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The two ends of an HTTP/1.1 health check: the GET request bytes, and the status line of the
 * response. Only the status line matters to a check; headers and body are never read.
 */
final class HttpStatusLine {
    /** Returned by {@link #parseStatus} when the line is not {@code HTTP/1.x SSS ...}. */
    static final int NOT_A_STATUS_LINE = -1;
    private static final int QUOTE_LIMIT = 40;

    private HttpStatusLine() {
    }

    /**
     * The request of one check. {@code Connection: close} so the backend frees the connection
     * at once; Host is the IP literal the check connects to, as curl sends it for
     * {@code http://IP:PORT/path} (never a name from a reverse lookup).
     */
    static byte[] request(String path, InetSocketAddress address) {
        String literal = address.getAddress().getHostAddress();
        String host = address.getAddress() instanceof Inet6Address ? "[" + literal + "]" : literal;
        String hostHeader = address.getPort() == 80 ? host : host + ":" + address.getPort();
        String request = "GET " + path + " HTTP/1.1\r\n"
            + "Host: " + hostHeader + "\r\n"
            + "User-Agent: trunkline-health\r\n"
            + "Connection: close\r\n"
            + "\r\n";
        return request.getBytes(StandardCharsets.US_ASCII);
    }

    /** Index of the '\n' that ends the first line within {@code bytes[0, length)}, or -1 when not yet received. */
    static int lineEnd(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /**
     * The status code of a status line {@code HTTP/1.x SSS [reason]} held in {@code bytes[0, lineLength)}
     * (CR optional), or {@link #NOT_A_STATUS_LINE}.
     */
    static int parseStatus(byte[] bytes, int lineLength) {
        int length = lineLength > 0 && bytes[lineLength - 1] == '\r' ? lineLength - 1 : lineLength;
        if (length < 12 || !startsWithVersion(bytes) || bytes[8] != ' ') {
            return NOT_A_STATUS_LINE;
        }
        if (!isDigit(bytes[9]) || !isDigit(bytes[10]) || !isDigit(bytes[11]) || (length > 12 && bytes[12] != ' ')) {
            return NOT_A_STATUS_LINE;
        }
        int status = (bytes[9] - '0') * 100 + (bytes[10] - '0') * 10 + (bytes[11] - '0');
        return status >= 100 && status <= 599 ? status : NOT_A_STATUS_LINE;
    }

    /** The first bytes received, quoted and made printable, for an operator's error line. */
    static String quote(byte[] bytes, int length) {
        StringBuilder text = new StringBuilder("\"");
        int shown = Math.min(length, QUOTE_LIMIT);
        for (int i = 0; i < shown; i++) {
            int b = bytes[i] & 0xff;
            if (b == '\r') {
                text.append("\\r");
            } else if (b == '\n') {
                text.append("\\n");
            } else if (b >= 0x20 && b < 0x7f && b != '"') {
                text.append((char) b);
            } else {
                text.append(String.format("\\x%02x", b));
            }
        }
        return text.append(length > QUOTE_LIMIT ? "\"..." : "\"").toString();
    }

    private static boolean startsWithVersion(byte[] bytes) {
        return bytes[0] == 'H' && bytes[1] == 'T' && bytes[2] == 'T' && bytes[3] == 'P' && bytes[4] == '/'
            && bytes[5] == '1' && bytes[6] == '.' && isDigit(bytes[7]);
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }
}
