package io.trunkline.fastpath.packet;

/**
 * Field offsets, sizes and code points of the headers the fast path reads and writes. Offsets are
 * relative to the start of their header; the diagrams they come from are in {@code package-info}.
 */
public final class Headers {
    private Headers() {
    }

    public static final int ETHERTYPE_IPV4 = 0x0800;
    public static final int ETHERTYPE_IPV6 = 0x86DD;
    public static final int ETHERTYPE_VLAN = 0x8100;
    public static final int ETHERTYPE_QINQ = 0x88A8;

    public static final int PROTOCOL_HOP_BY_HOP = 0;
    public static final int PROTOCOL_ICMP = 1;
    public static final int PROTOCOL_IPIP = 4;
    public static final int PROTOCOL_TCP = 6;
    public static final int PROTOCOL_UDP = 17;
    public static final int PROTOCOL_IPV6 = 41;
    public static final int PROTOCOL_ROUTING = 43;
    public static final int PROTOCOL_FRAGMENT = 44;
    public static final int PROTOCOL_ICMPV6 = 58;
    public static final int PROTOCOL_DESTINATION_OPTIONS = 60;

    /** Ethernet II header: 14 bytes, then optional 4-byte VLAN tags before the payload. */
    public static final class Ethernet {
        private Ethernet() {
        }

        public static final int DESTINATION = 0;
        public static final int SOURCE = 6;
        public static final int ETHERTYPE = 12;
        public static final int LENGTH = 14;
        /** Offsets within one VLAN tag, which begins where an ethertype would be. */
        public static final int VLAN_TCI = 2;
        public static final int VLAN_NEXT_ETHERTYPE = 4;
        public static final int VLAN_TAG_LENGTH = 4;
    }

    /** IPv4 header, RFC 791. */
    public static final class Ipv4 {
        private Ipv4() {
        }

        public static final int VERSION_IHL = 0;
        public static final int TOS = 1;
        public static final int TOTAL_LENGTH = 2;
        public static final int IDENTIFICATION = 4;
        public static final int FLAGS_FRAGMENT_OFFSET = 6;
        public static final int TTL = 8;
        public static final int PROTOCOL = 9;
        public static final int CHECKSUM = 10;
        public static final int SOURCE = 12;
        public static final int DESTINATION = 16;
        public static final int MIN_LENGTH = 20;
        public static final int FLAG_DONT_FRAGMENT = 0x4000;
        public static final int FLAG_MORE_FRAGMENTS = 0x2000;
        public static final int FRAGMENT_OFFSET_MASK = 0x1FFF;
        /** Option types of one byte (RFC 791): end of the option list, and no-operation padding between options. */
        public static final int OPTION_END_OF_LIST = 0;
        public static final int OPTION_NO_OPERATION = 1;
    }

    /** IPv6 fixed header, RFC 8200, and its extension headers. */
    public static final class Ipv6 {
        private Ipv6() {
        }

        public static final int VERSION_CLASS_FLOW = 0;
        public static final int PAYLOAD_LENGTH = 4;
        public static final int NEXT_HEADER = 6;
        public static final int HOP_LIMIT = 7;
        public static final int SOURCE = 8;
        public static final int DESTINATION = 24;
        public static final int LENGTH = 40;
        /** Hop-by-hop, routing and destination options: next header, then length in 8-byte units not counting the first 8. */
        public static final int EXTENSION_NEXT_HEADER = 0;
        public static final int EXTENSION_LENGTH = 1;
        public static final int EXTENSION_MIN_LENGTH = 8;
        /** Fragment header: next header, reserved, offset (13 bits, 8-byte units) | res | M, identification. */
        public static final int FRAGMENT_OFFSET_FLAGS = 2;
        public static final int FRAGMENT_IDENTIFICATION = 4;
        public static final int FRAGMENT_LENGTH = 8;
        public static final int FRAGMENT_OFFSET_MASK = 0xFFF8;
        public static final int FRAGMENT_MORE = 0x0001;
    }

    /** TCP header, RFC 9293. */
    public static final class Tcp {
        private Tcp() {
        }

        public static final int SOURCE_PORT = 0;
        public static final int DESTINATION_PORT = 2;
        public static final int SEQUENCE = 4;
        public static final int ACKNOWLEDGMENT = 8;
        public static final int DATA_OFFSET = 12;
        public static final int WINDOW = 14;
        public static final int URGENT_POINTER = 18;
        public static final int FLAGS = 13;
        public static final int CHECKSUM = 16;
        public static final int MIN_LENGTH = 20;
        public static final int FIN = 0x01;
        public static final int SYN = 0x02;
        public static final int RST = 0x04;
        public static final int PSH = 0x08;
        public static final int ACK = 0x10;
    }

    /** UDP header, RFC 768. */
    public static final class Udp {
        private Udp() {
        }

        public static final int SOURCE_PORT = 0;
        public static final int DESTINATION_PORT = 2;
        public static final int LENGTH_FIELD = 4;
        public static final int CHECKSUM = 6;
        public static final int LENGTH = 8;
    }

    /** ICMP (RFC 792) and ICMPv6 (RFC 4443) share the first 8 bytes' shape; errors quote the offending packet after them. */
    public static final class Icmp {
        private Icmp() {
        }

        public static final int TYPE = 0;
        public static final int CODE = 1;
        public static final int CHECKSUM = 2;
        /** Bytes 4-7: identifier and sequence, unused, or the MTU of a frag-needed / packet-too-big. */
        public static final int REST_OF_HEADER = 4;
        /** ICMPv4 frag-needed: 16-bit next-hop MTU at 6. ICMPv6 packet-too-big: 32-bit MTU at 4. */
        public static final int V4_NEXT_HOP_MTU = 6;
        public static final int V6_MTU = 4;
        public static final int QUOTE = 8;
        public static final int LENGTH = 8;

        public static final int V4_ECHO_REPLY = 0;
        public static final int V4_DESTINATION_UNREACHABLE = 3;
        public static final int V4_CODE_FRAGMENTATION_NEEDED = 4;
        public static final int V4_ECHO_REQUEST = 8;
        public static final int V4_TIME_EXCEEDED = 11;
        public static final int V4_PARAMETER_PROBLEM = 12;

        public static final int V6_DESTINATION_UNREACHABLE = 1;
        public static final int V6_PACKET_TOO_BIG = 2;
        public static final int V6_TIME_EXCEEDED = 3;
        public static final int V6_PARAMETER_PROBLEM = 4;
        public static final int V6_ECHO_REQUEST = 128;
    }

    /** GUE variant 0 header (draft-ietf-intarea-gue): 4 bytes after the UDP header. */
    public static final class Gue {
        private Gue() {
        }

        /** Version (2 bits, 0), control flag (1 bit, 0), header length in words (5 bits, 0). */
        public static final int VERSION_CONTROL_HLEN = 0;
        /** IP protocol number of the payload: 4 or 41. */
        public static final int PROTOCOL = 1;
        public static final int FLAGS = 2;
        public static final int LENGTH = 4;
        public static final int DEFAULT_PORT = 6080;
    }
}
