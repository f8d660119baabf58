package io.trunkline.fastpath.host;

import static io.trunkline.fastpath.packet.NetworkOrder.set16;
import static io.trunkline.fastpath.packet.NetworkOrder.set32;
import static io.trunkline.fastpath.packet.NetworkOrder.set64;
import static io.trunkline.fastpath.packet.NetworkOrder.set8;
import static io.trunkline.fastpath.packet.NetworkOrder.setMac;

import io.trunkline.bindings.dpdk.MbufPool;
import io.trunkline.fastpath.counters.CounterLayout;
import io.trunkline.fastpath.counters.WorkerCounters;
import io.trunkline.fastpath.packet.Checksums;
import io.trunkline.fastpath.packet.Headers;
import io.trunkline.fastpath.packet.PacketParser;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * The neighbour table's requests, sent by the fast path: ARP requests (RFC 826) and neighbour solicitations
 * (RFC 4861 section 7.2.2) built in an mbuf by the worker of queue 0 and sent on its queue, as BFD is.
 * The control plane asks through {@link #request}: a one-to-one ring buffer, single producer (the neighbour
 * table's thread), single consumer (that worker, {@link #sender()}), one fixed-size record per request.
 * <pre>
 *   Request record (48 bytes, native order):
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                    worker port index                          |  0
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                    IP version (4 or 6)                        |  4
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |        target address, high 64 bits (0 for IPv4)              |  8
 *   |        target address, low 64 bits (IPv4 in the low 32)       | 16
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |        own source address, high 64 bits                       | 24
 *   |        own source address, low 64 bits                        | 32
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |        destination MAC in the low 48 bits; 0: broadcast       | 40
 *   |        (ARP) or the solicited-node group (ND)                 |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * A unicast destination MAC is a reachability probe of a known neighbour (RFC 4861 section 7.3.3; RFC 1122
 * section 2.3.2.1 for ARP): sent to it alone, and for ND to its address rather than its group.
 */
public final class NeighbourRequests {
    static final int PORT = 0;
    static final int VERSION = 4;
    static final int TARGET = 8;
    static final int SOURCE = 24;
    static final int DESTINATION_MAC = 40;
    static final int RECORD_LENGTH = 48;
    private static final int MESSAGE_TYPE = 1;
    private static final int REQUESTS_PER_CYCLE = 16;

    static final long BROADCAST_MAC = 0xFFFF_FFFF_FFFFL;
    /** Minimum Ethernet frame without its FCS: ARP is padded to it. */
    static final int MIN_FRAME = 60;
    static final int ARP_FRAME = Headers.Ethernet.LENGTH + ArpResponder.LENGTH;
    static final int SOLICITATION_LENGTH = 32;
    static final int SOLICITATION_FRAME = Headers.Ethernet.LENGTH + Headers.Ipv6.LENGTH + SOLICITATION_LENGTH;
    private static final long SOLICITED_NODE_MAC = 0x3333_FF00_0000L;

    private final OneToOneRingBuffer ring;
    private final MbufPool pool;
    private boolean senderTaken;

    /**
     * @param slots requests the ring holds (rounded up to a power of two of bytes)
     * @param pool  where the sender takes the mbufs it builds requests in
     */
    public NeighbourRequests(int slots, MbufPool pool) {
        int bytes = Integer.highestOneBit(Math.max(1, slots * (RECORD_LENGTH + 8)) - 1) << 1;
        this.ring = new OneToOneRingBuffer(new UnsafeBuffer(ByteBuffer.allocateDirect(bytes + RingBufferDescriptor.TRAILER_LENGTH)));
        this.pool = pool;
    }

    /**
     * Asks for an ARP request ({@code ipv6} false; addresses in the low 32 bits of the low halves) or a neighbour
     * solicitation for {@code target} on worker port {@code port}, from the own address {@code source};
     * {@code destinationMac} 0 for a broadcast / multicast request. Single producer.
     *
     * @return false when the ring is full (ask again later)
     */
    public boolean request(int port, boolean ipv6, long targetHigh, long targetLow, long sourceHigh, long sourceLow,
                           long destinationMac) {
        int index = ring.tryClaim(MESSAGE_TYPE, RECORD_LENGTH);
        if (index <= 0) {
            return false;
        }
        MutableDirectBuffer buffer = ring.buffer();
        buffer.putInt(index + PORT, port);
        buffer.putInt(index + VERSION, ipv6 ? 6 : 4);
        buffer.putLong(index + TARGET, targetHigh);
        buffer.putLong(index + TARGET + 8, targetLow);
        buffer.putLong(index + SOURCE, sourceHigh);
        buffer.putLong(index + SOURCE + 8, sourceLow);
        buffer.putLong(index + DESTINATION_MAC, destinationMac);
        ring.commit(index);
        return true;
    }

    /** The duty of the worker that sends the requests (the worker of queue 0). Once. */
    public synchronized HostDuty sender() {
        if (senderTaken) {
            throw new IllegalStateException("neighbour requests already have their sending worker: the ring has one consumer");
        }
        senderTaken = true;
        return new Sender();
    }

    /** Builds each request in an mbuf and sends it; owner thread only. */
    private final class Sender implements HostDuty, MessageHandler {
        private final OwnFrameSender out =
                new OwnFrameSender(pool, CounterLayout.NEIGHBOUR_REQUESTS, CounterLayout.NEIGHBOUR_REQUESTS_FAILED);
        private long[] portMacs;

        @Override
        public void attach(int[] workerPorts, long[] workerPortMacs, int workerQueue, WorkerCounters workerCounters,
                           CounterLayout counterLayout) {
            portMacs = workerPortMacs.clone();
            out.attach(workerPorts, workerQueue, workerCounters, counterLayout);
        }

        @Override
        public int doWork(long nowNanos) {
            return ring.read(this, REQUESTS_PER_CYCLE);
        }

        @Override
        public void onMessage(int msgTypeId, MutableDirectBuffer buffer, int index, int length) {
            int p = buffer.getInt(index + PORT);
            long base = out.claim(p);
            if (base == 0) {
                return;
            }
            MemorySegment segment = PacketParser.ALL_MEMORY;
            long destinationMac = buffer.getLong(index + DESTINATION_MAC);
            int frameLength = buffer.getInt(index + VERSION) == 6
                    ? writeSolicitation(segment, base, portMacs[p], buffer.getLong(index + TARGET), buffer.getLong(index + TARGET + 8),
                            buffer.getLong(index + SOURCE), buffer.getLong(index + SOURCE + 8), destinationMac)
                    : writeArpRequest(segment, base, portMacs[p], (int) buffer.getLong(index + TARGET + 8),
                            (int) buffer.getLong(index + SOURCE + 8), destinationMac);
            out.send(frameLength);
        }
    }

    /** An ARP request for {@code target} from {@code source}, broadcast unless {@code destinationMac} is set; padded to 60 bytes. */
    static int writeArpRequest(MemorySegment segment, long base, long portMac, int target, int source, long destinationMac) {
        setMac(segment, base + Headers.Ethernet.DESTINATION, destinationMac == 0 ? BROADCAST_MAC : destinationMac);
        setMac(segment, base + Headers.Ethernet.SOURCE, portMac);
        set16(segment, base + Headers.Ethernet.ETHERTYPE, ArpResponder.ETHERTYPE_ARP);
        long arp = base + Headers.Ethernet.LENGTH;
        set16(segment, arp + ArpResponder.HARDWARE_TYPE, ArpResponder.HARDWARE_ETHERNET);
        set16(segment, arp + ArpResponder.PROTOCOL_TYPE, Headers.ETHERTYPE_IPV4);
        set8(segment, arp + ArpResponder.HARDWARE_LENGTH, 6);
        set8(segment, arp + ArpResponder.PROTOCOL_LENGTH, 4);
        set16(segment, arp + ArpResponder.OPERATION, ArpResponder.OPERATION_REQUEST);
        setMac(segment, arp + ArpResponder.SENDER_MAC, portMac);
        set32(segment, arp + ArpResponder.SENDER_IP, source);
        setMac(segment, arp + ArpResponder.TARGET_MAC, 0);
        set32(segment, arp + ArpResponder.TARGET_IP, target);
        segment.asSlice(base + ARP_FRAME, MIN_FRAME - ARP_FRAME).fill((byte) 0);
        return MIN_FRAME;
    }

    /**
     * A neighbour solicitation for the target from the own {@code source}, with our link-layer address as its
     * option: to the target's solicited-node group, or to the target itself at {@code destinationMac} when set.
     */
    static int writeSolicitation(MemorySegment segment, long base, long portMac, long targetHigh, long targetLow,
                                 long sourceHigh, long sourceLow, long destinationMac) {
        boolean unicast = destinationMac != 0;
        long destinationHigh = unicast ? targetHigh : NeighbourDiscoveryResponder.LINK_LOCAL_MULTICAST_HIGH;
        long destinationLow = unicast ? targetLow : NeighbourDiscoveryResponder.SOLICITED_NODE_LOW | (targetLow & 0xFF_FFFFL);
        setMac(segment, base + Headers.Ethernet.DESTINATION, unicast ? destinationMac : SOLICITED_NODE_MAC | (targetLow & 0xFF_FFFFL));
        setMac(segment, base + Headers.Ethernet.SOURCE, portMac);
        set16(segment, base + Headers.Ethernet.ETHERTYPE, Headers.ETHERTYPE_IPV6);
        long ip = base + Headers.Ethernet.LENGTH;
        set32(segment, ip + Headers.Ipv6.VERSION_CLASS_FLOW, 6 << 28);
        set16(segment, ip + Headers.Ipv6.PAYLOAD_LENGTH, SOLICITATION_LENGTH);
        set8(segment, ip + Headers.Ipv6.NEXT_HEADER, Headers.PROTOCOL_ICMPV6);
        set8(segment, ip + Headers.Ipv6.HOP_LIMIT, NeighbourDiscoveryResponder.HOP_LIMIT);
        set64(segment, ip + Headers.Ipv6.SOURCE, sourceHigh);
        set64(segment, ip + Headers.Ipv6.SOURCE + 8, sourceLow);
        set64(segment, ip + Headers.Ipv6.DESTINATION, destinationHigh);
        set64(segment, ip + Headers.Ipv6.DESTINATION + 8, destinationLow);
        long icmp = ip + Headers.Ipv6.LENGTH;
        set8(segment, icmp + Headers.Icmp.TYPE, NeighbourDiscoveryResponder.TYPE_NEIGHBOUR_SOLICITATION);
        set8(segment, icmp + Headers.Icmp.CODE, 0);
        set16(segment, icmp + Headers.Icmp.CHECKSUM, 0);
        set32(segment, icmp + NeighbourDiscoveryResponder.FLAGS, 0);
        set64(segment, icmp + NeighbourDiscoveryResponder.TARGET, targetHigh);
        set64(segment, icmp + NeighbourDiscoveryResponder.TARGET + 8, targetLow);
        set8(segment, icmp + NeighbourDiscoveryResponder.OPTIONS, NeighbourDiscoveryResponder.OPTION_SOURCE_LINK_LAYER);
        set8(segment, icmp + NeighbourDiscoveryResponder.OPTIONS + 1, 1);
        setMac(segment, icmp + NeighbourDiscoveryResponder.OPTIONS + 2, portMac);
        long pseudo = Checksums.pseudoHeaderSumIpv6(sourceHigh, sourceLow, destinationHigh, destinationLow,
                Headers.PROTOCOL_ICMPV6, SOLICITATION_LENGTH);
        set16(segment, icmp + Headers.Icmp.CHECKSUM, ~Checksums.sum(segment, icmp, SOLICITATION_LENGTH, pseudo) & 0xFFFF);
        return SOLICITATION_FRAME;
    }
}
