package io.trunkline.fastpath.host;

import static io.trunkline.fastpath.packet.NetworkOrder.i32;
import static io.trunkline.fastpath.packet.NetworkOrder.mac;
import static io.trunkline.fastpath.packet.NetworkOrder.set16;
import static io.trunkline.fastpath.packet.NetworkOrder.set32;
import static io.trunkline.fastpath.packet.NetworkOrder.setMac;
import static io.trunkline.fastpath.packet.NetworkOrder.u16;
import static io.trunkline.fastpath.packet.NetworkOrder.u8;

import io.trunkline.fastpath.fate.DropReasons;
import io.trunkline.fastpath.fate.Fate;
import io.trunkline.fastpath.packet.Headers;
import java.lang.foreign.MemorySegment;

/**
 * Answers ARP requests (RFC 826) for the port's own IPv4 addresses by turning the request into the reply
 * in place: same frame, same length, out of the port it came in on. A reply to an own address goes on to the
 * kernel (its own neighbour resolution asked for it, through the exception path); everything else that is
 * ARP is counted and dropped. Senders of well-formed ARP are shown to the {@link NeighbourObserver} first.
 * <pre>
 *   Ethernet/IPv4 ARP, at the end of the L2 header (after any VLAN tags), 28 bytes:
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |     hardware type (1)         |    protocol type (0x0800)     |  0
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   | hw length (6) | pr length (4) |  operation (1 req, 2 reply)   |  4
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |            sender hardware address (6 bytes) ...              |  8
 *   +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                               | sender protocol address ...   | 14
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |   ... sender protocol address |  target hardware address ...  | 18
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
 *   |                                                               |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                 target protocol address                       | 24
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Single-threaded, allocation-free.
 */
public final class ArpResponder {
    public static final int ETHERTYPE_ARP = 0x0806;

    static final int HARDWARE_TYPE = 0;
    static final int PROTOCOL_TYPE = 2;
    static final int HARDWARE_LENGTH = 4;
    static final int PROTOCOL_LENGTH = 5;
    static final int OPERATION = 6;
    static final int SENDER_MAC = 8;
    static final int SENDER_IP = 14;
    static final int TARGET_MAC = 18;
    static final int TARGET_IP = 24;
    static final int LENGTH = 28;

    static final int HARDWARE_ETHERNET = 1;
    static final int OPERATION_REQUEST = 1;
    static final int OPERATION_REPLY = 2;

    private final NeighbourObserver neighbours;

    public ArpResponder(NeighbourObserver neighbours) {
        this.neighbours = neighbours;
    }

    /**
     * Handles the ARP frame of {@code length} bytes at {@code base}, whose ARP header starts at {@code arpOffset}.
     *
     * @return {@link Fate#FORWARD} when the frame now holds the reply, {@link HostTraffic#TO_KERNEL} for a reply
     *         to an own address, else a drop reason
     */
    public int respond(MemorySegment segment, long base, int length, int arpOffset, int p, long portMac, OwnAddresses own) {
        long arp = base + arpOffset;
        if (length - arpOffset < LENGTH
                || u16(segment, arp + HARDWARE_TYPE) != HARDWARE_ETHERNET || u16(segment, arp + PROTOCOL_TYPE) != Headers.ETHERTYPE_IPV4
                || u8(segment, arp + HARDWARE_LENGTH) != 6 || u8(segment, arp + PROTOCOL_LENGTH) != 4) {
            return DropReasons.ARP_MALFORMED;
        }
        int operation = u16(segment, arp + OPERATION);
        if (operation != OPERATION_REQUEST && operation != OPERATION_REPLY) {
            return DropReasons.ARP_MALFORMED;
        }
        long senderMac = mac(segment, arp + SENDER_MAC);
        int senderIp = i32(segment, arp + SENDER_IP);
        int targetIp = i32(segment, arp + TARGET_IP);
        if (senderIp != 0) {
            neighbours.ipv4(p, senderIp, senderMac);
        }
        boolean forUs = own.isOwnIpv4(p, targetIp);
        if (operation == OPERATION_REPLY && forUs) {
            return HostTraffic.TO_KERNEL;
        }
        if (operation != OPERATION_REQUEST || senderIp == targetIp || !forUs) {
            return DropReasons.ARP_IGNORED;
        }
        set16(segment, arp + OPERATION, OPERATION_REPLY);
        setMac(segment, arp + TARGET_MAC, senderMac);
        set32(segment, arp + TARGET_IP, senderIp);
        setMac(segment, arp + SENDER_MAC, portMac);
        set32(segment, arp + SENDER_IP, targetIp);
        setMac(segment, base + Headers.Ethernet.DESTINATION, senderMac);
        setMac(segment, base + Headers.Ethernet.SOURCE, portMac);
        return Fate.FORWARD;
    }
}
