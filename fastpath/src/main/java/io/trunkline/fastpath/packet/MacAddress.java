package io.trunkline.fastpath.packet;

/**
 * A 48-bit MAC address held in the low bits of a long, the form the parser and rewriters use, and its
 * text form {@code 02:00:00:00:00:01}. Parsing and formatting are for configuration and tests.
 */
public final class MacAddress {
    private MacAddress() {
    }

    public static final long BROADCAST = 0xFFFF_FFFF_FFFFL;

    /** Parses six colon- or hyphen-separated hex octets. */
    public static long parse(String text) {
        String[] octets = text.split("[:-]", -1);
        if (octets.length != 6) {
            throw new IllegalArgumentException("not a MAC address (six hex octets expected): " + text);
        }
        long mac = 0;
        for (String octet : octets) {
            if (octet.isEmpty() || octet.length() > 2) {
                throw new IllegalArgumentException("not a MAC address (bad octet '" + octet + "'): " + text);
            }
            try {
                mac = mac << 8 | Integer.parseInt(octet, 16);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a MAC address (bad octet '" + octet + "'): " + text, e);
            }
        }
        return mac;
    }

    /** Lower-case, colon-separated, two digits per octet. */
    public static String format(long mac) {
        StringBuilder text = new StringBuilder(17);
        for (int shift = 40; shift >= 0; shift -= 8) {
            int octet = (int) (mac >>> shift) & 0xFF;
            text.append(Character.forDigit(octet >>> 4, 16)).append(Character.forDigit(octet & 0xF, 16));
            if (shift > 0) {
                text.append(':');
            }
        }
        return text.toString();
    }

    /** True for a group (multicast or broadcast) address: the I/G bit of the first octet. */
    public static boolean isMulticast(long mac) {
        return (mac & 0x0100_0000_0000L) != 0;
    }
}
