package io.trunkline.fastpath.packet;

/**
 * What the parser or a rewriter concluded about one packet: {@link #OK} or the reason it must not be
 * forwarded as it is. Codes are stable (they index drop counters and appear in operator output):
 * add new reasons with new codes, never renumber. Codes are grouped by layer in tens.
 */
public enum Verdict {
    OK(0),

    TRUNCATED_L2(1),
    /** More than {@link PacketParser#MAX_VLAN_TAGS} VLAN tags (802.1Q or 802.1ad). */
    BAD_VLAN(2),
    /** Neither IPv4 nor IPv6 after the tags (ARP, LLDP, ...): L2 fields are still valid. */
    UNSUPPORTED_ETHERTYPE(3),

    TRUNCATED_IPV4(10),
    BAD_IPV4_VERSION(11),
    BAD_IPV4_IHL(12),
    BAD_IPV4_TOTAL_LENGTH(13),
    /** Only when the parser was built to verify IPv4 header checksums. */
    BAD_IPV4_CHECKSUM(14),
    /** An IPv4 option with a length below 2, a length byte missing, or running past the header (IHL). */
    BAD_IPV4_OPTIONS(15),

    TRUNCATED_IPV6(20),
    BAD_IPV6_VERSION(21),
    BAD_IPV6_PAYLOAD_LENGTH(22),
    /** More extension headers than the parser walks. */
    IPV6_EXT_TOO_LONG(23),

    TRUNCATED_TCP(30),
    BAD_TCP_OFFSET(31),
    TRUNCATED_UDP(32),
    BAD_UDP_LENGTH(33),
    TRUNCATED_ICMP(34),
    /** An ICMP error whose quoted packet stops before the addresses or ports of the flow. */
    TRUNCATED_ICMP_QUOTE(35),
    /** An ICMP error quoting something that is not an IP header of the same family. */
    BAD_ICMP_QUOTE(36),

    /** An encapsulator was given less headroom than it prepends. */
    NO_HEADROOM(40),
    /** The encapsulated packet would exceed the MTU and the inner packet must not be fragmented: answer ICMP. */
    FRAGMENTATION_NEEDED(41),
    /** The encapsulated packet would exceed the MTU; fragmenting the outer packet is not supported. */
    EXCEEDS_MTU(42);

    /** One more than the largest code: the size of an array indexed by code. */
    public static final int CODE_LIMIT = 43;

    private static final Verdict[] BY_CODE = new Verdict[CODE_LIMIT];

    static {
        for (Verdict verdict : values()) {
            BY_CODE[verdict.code] = verdict;
        }
    }

    private final int code;

    Verdict(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public boolean isOk() {
        return this == OK;
    }

    /** The verdict with this code, or null for an unused code. */
    public static Verdict ofCode(int code) {
        return code >= 0 && code < CODE_LIMIT ? BY_CODE[code] : null;
    }
}
