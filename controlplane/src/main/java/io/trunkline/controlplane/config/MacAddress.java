package io.trunkline.controlplane.config;

import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * An Ethernet address, {@code 02:00:00:00:00:01}.
 *
 * @param bits the 48 bits, most significant first
 */
public record MacAddress(long bits) {
    private static final Pattern SYNTAX = Pattern.compile("[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}");

    public MacAddress {
        if ((bits >>> 48) != 0) {
            throw new IllegalArgumentException("a MAC address has 48 bits");
        }
    }

    public static MacAddress parse(String text) {
        if (!SYNTAX.matcher(text).matches()) {
            throw new IllegalArgumentException("must be a MAC address like 02:00:00:00:00:01");
        }
        return new MacAddress(HexFormat.fromHexDigitsToLong(text.replace(":", "")));
    }

    @Override
    public String toString() {
        return io.trunkline.fastpath.packet.MacAddress.format(bits);
    }
}
