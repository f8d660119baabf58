package io.trunkline.fastpath.flow;

import static io.trunkline.fastpath.packet.NetworkOrder.i32;
import static io.trunkline.fastpath.packet.NetworkOrder.i64;
import static io.trunkline.fastpath.packet.NetworkOrder.u16;
import static io.trunkline.fastpath.packet.NetworkOrder.u8;

import io.trunkline.fastpath.packet.Headers.Ethernet;
import io.trunkline.fastpath.packet.Headers.Ipv4;
import io.trunkline.fastpath.packet.Headers.Ipv6;
import io.trunkline.fastpath.packet.Headers.Tcp;
import io.trunkline.fastpath.packet.Headers.Udp;
import io.trunkline.fastpath.packet.Headers;
import io.trunkline.fastpath.packet.PacketParser;
import io.trunkline.store.FlowKey;
import java.lang.foreign.MemorySegment;

/**
 * A first look at the frames of a burst, before they are parsed: the flow each belongs to, its
 * {@link FlowCache#hash} and its TCP flags, so that a worker can load the flow-cache slots of the whole
 * burst before it handles its first packet (the loads then overlap instead of stalling one packet after
 * another) and forward an established flow without the full parse.
 * <p>
 * Accepts only the common shape, untagged IPv4 (options allowed) or IPv6 (no extension headers)
 * carrying TCP or UDP, not a fragment, and only when it is well formed by the same checks as
 * {@link io.trunkline.fastpath.packet.PacketParser} (lengths, version, header lengths, IPv4 options): a frame accepted
 * here is one the parser accepts with the same flow, so what is learnt here may stand in for its parse.
 * Anything else gives {@link #NO_HASH} and takes the full parse, which drops and counts what is malformed.
 * Every read stays inside {@code [frame, frame + length)}: frames are read by absolute address through
 * the all-of-memory segment, as the parser reads mbufs, because a constant segment leaves the JIT no bounds
 * or liveness check to make on the dozen reads of a peek; the length checks here are what keeps the reads in
 * the frame (tests show that no answer depends on a byte past its end).
 * <p>
 * The frame as {@link Headers} describes it; the fields read, by offset from the frame start:
 * <pre>
 *   12 ethertype | IPv4 at 14: 14 version/IHL, 16 total length, 20 flags/fragment offset, 23 protocol,
 *                |             26 source, 30 destination; at 14 + IHL·4 the TCP or UDP header
 *                | IPv6 at 14: 14 version, 18 payload length, 20 next header, 22 source (16),
 *                |             38 destination (16); at 54 the TCP or UDP header
 *   TCP: 0 ports, 12 data offset, 13 flags     UDP: 0 ports, 4 length
 * </pre>
 * One per worker, allocation-free; a burst's peeks are valid until the next burst's.
 */
public final class FlowPeek {
    /** The hash given for a frame not accepted: any value would do, it only picks a slot to load. */
    public static final int NO_HASH = 0;

    private static final MemorySegment MEMORY = PacketParser.ALL_MEMORY;

    private final FlowKey[] keys;
    private final int[] hashes;
    private final int[] tcpFlags;
    private final boolean[] accepted;

    /** @param burst the most frames of one burst */
    public FlowPeek(int burst) {
        keys = new FlowKey[burst];
        for (int i = 0; i < burst; i++) {
            keys[i] = new FlowKey();
        }
        hashes = new int[burst];
        tcpFlags = new int[burst];
        accepted = new boolean[burst];
    }

    /**
     * Looks at frame {@code index} of the burst, {@code length} bytes at native address {@code frame}.
     *
     * @return the {@link FlowCache#hash} of its flow, or {@link #NO_HASH} when the frame is not accepted
     */
    public int peek(int index, long frame, int length) {
        FlowKey key = keys[index];
        boolean ok = length >= Ethernet.LENGTH && switch (u16(MEMORY, frame + Ethernet.ETHERTYPE)) {
            case Headers.ETHERTYPE_IPV4 -> peekIpv4(index, key, frame, length);
            case Headers.ETHERTYPE_IPV6 -> peekIpv6(index, key, frame, length);
            default -> false;
        };
        int hash = ok ? FlowCache.hash(key) : NO_HASH;
        accepted[index] = ok;
        hashes[index] = hash;
        return hash;
    }

    /** The hashes of the frames peeked at, by index in the burst: the slots to prefetch. */
    public int[] hashes() {
        return hashes;
    }

    /** Whether frame {@code index} is a well-formed TCP or UDP packet of the common shape: its flow is {@link #key}. */
    public boolean accepted(int index) {
        return accepted[index];
    }

    /** The flow of an {@link #accepted} frame, client to VIP as the session table keys it. */
    public FlowKey key(int index) {
        return keys[index];
    }

    /** The {@link FlowCache#hash} of an {@link #accepted} frame's flow. */
    public int hash(int index) {
        return hashes[index];
    }

    /** The TCP flags byte of an {@link #accepted} TCP frame; 0 for UDP. */
    public int tcpFlags(int index) {
        return tcpFlags[index];
    }

    private boolean peekIpv4(int index, FlowKey key, long frame, int length) {
        long ip = frame + Ethernet.LENGTH;
        int available = length - Ethernet.LENGTH;
        if (available < Ipv4.MIN_LENGTH) {
            return false;
        }
        int versionIhl = u8(MEMORY, ip + Ipv4.VERSION_IHL);
        int headerLength = (versionIhl & 0x0F) * 4;
        int totalLength = u16(MEMORY, ip + Ipv4.TOTAL_LENGTH);
        boolean fragment = (u16(MEMORY, ip + Ipv4.FLAGS_FRAGMENT_OFFSET) & (Ipv4.FLAG_MORE_FRAGMENTS | Ipv4.FRAGMENT_OFFSET_MASK)) != 0;
        if (versionIhl >>> 4 != 4 || headerLength < Ipv4.MIN_LENGTH || totalLength < headerLength
                || totalLength > available || fragment
                || headerLength > Ipv4.MIN_LENGTH && !PacketParser.ipv4OptionsValid(MEMORY, ip, headerLength)) {
            return false;
        }
        int protocol = u8(MEMORY, ip + Ipv4.PROTOCOL);
        long l4 = ip + headerLength;
        if (!transportValid(index, protocol, l4, totalLength - headerLength)) {
            return false;
        }
        key.ipv4(protocol, i32(MEMORY, ip + Ipv4.SOURCE), u16(MEMORY, l4 + Tcp.SOURCE_PORT),
                i32(MEMORY, ip + Ipv4.DESTINATION), u16(MEMORY, l4 + Tcp.DESTINATION_PORT));
        return true;
    }

    private boolean peekIpv6(int index, FlowKey key, long frame, int length) {
        long ip = frame + Ethernet.LENGTH;
        int available = length - Ethernet.LENGTH - Ipv6.LENGTH;
        if (available < 0 || u8(MEMORY, ip) >>> 4 != 6) {
            return false;
        }
        int payloadLength = u16(MEMORY, ip + Ipv6.PAYLOAD_LENGTH);
        int protocol = u8(MEMORY, ip + Ipv6.NEXT_HEADER);
        long l4 = ip + Ipv6.LENGTH;
        if (payloadLength > available || !transportValid(index, protocol, l4, payloadLength)) {
            return false;
        }
        key.ipv6(protocol, i64(MEMORY, ip + Ipv6.SOURCE), i64(MEMORY, ip + Ipv6.SOURCE + 8),
                u16(MEMORY, l4 + Tcp.SOURCE_PORT), i64(MEMORY, ip + Ipv6.DESTINATION),
                i64(MEMORY, ip + Ipv6.DESTINATION + 8), u16(MEMORY, l4 + Tcp.DESTINATION_PORT));
        return true;
    }

    /** The parser's checks of a TCP or UDP header of an unfragmented packet, {@code available} bytes to the IP end. */
    private boolean transportValid(int index, int protocol, long l4, int available) {
        if (protocol == Headers.PROTOCOL_TCP) {
            if (available < Tcp.MIN_LENGTH) {
                return false;
            }
            int headerLength = (u8(MEMORY, l4 + Tcp.DATA_OFFSET) >>> 4) * 4;
            tcpFlags[index] = u8(MEMORY, l4 + Tcp.FLAGS);
            return headerLength >= Tcp.MIN_LENGTH && headerLength <= available;
        }
        if (protocol == Headers.PROTOCOL_UDP) {
            tcpFlags[index] = 0;
            if (available < Udp.LENGTH) {
                return false;
            }
            int udpLength = u16(MEMORY, l4 + Udp.LENGTH_FIELD);
            return udpLength >= Udp.LENGTH && udpLength <= available;
        }
        return false;
    }
}
