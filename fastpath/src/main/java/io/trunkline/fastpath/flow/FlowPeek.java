package io.trunkline.fastpath.flow;

import static io.trunkline.fastpath.packet.NetworkOrder.i32;
import static io.trunkline.fastpath.packet.NetworkOrder.i64;
import static io.trunkline.fastpath.packet.NetworkOrder.u16;
import static io.trunkline.fastpath.packet.NetworkOrder.u8;

import io.trunkline.fastpath.packet.Headers;
import io.trunkline.fastpath.packet.Headers.Ethernet;
import io.trunkline.fastpath.packet.Headers.Ipv4;
import io.trunkline.fastpath.packet.Headers.Ipv6;
import io.trunkline.fastpath.packet.Headers.Tcp;
import io.trunkline.store.FlowKey;
import java.lang.foreign.MemorySegment;

/**
 * A first look at the frames of a burst, before they are parsed: the session-key hash of the flow each
 * most likely belongs to, so that a worker can load the flow-cache slots of the whole burst before it
 * handles its first packet (the loads then overlap instead of stalling one packet after another), and
 * need not hash the flow a second time once it is parsed ({@link #hashOf}). Reads only the
 * common shape, untagged IPv4 or IPv6 (no extension headers) carrying TCP or UDP, every read inside
 * {@code [frame, frame + length)}; anything else gives {@link #NO_HASH}. A wrong guess costs one
 * useless load and nothing else: the packet is parsed in full afterwards, and its key compared.
 * <p>
 * The frame as {@link Headers} describes it; the fields read, by offset from the frame start:
 * <pre>
 *   12 ethertype | IPv4 at 14: 14 version/IHL, 23 protocol, 26 source, 30 destination, 14 + IHL·4 ports
 *                | IPv6 at 14: 20 next header, 22 source (16), 38 destination (16), 54 ports
 * </pre>
 * One per worker, allocation-free; a burst's peeks are valid until the next burst's.
 */
public final class FlowPeek {
    /** The hash given for a frame of another shape: any value would do, it only picks a slot to load. */
    public static final int NO_HASH = 0;

    private static final int PORTS_LENGTH = 4;

    private final FlowKey[] keys;
    private final int[] hashes;
    private final boolean[] peeked;

    /** @param burst the most frames of one burst */
    public FlowPeek(int burst) {
        keys = new FlowKey[burst];
        for (int i = 0; i < burst; i++) {
            keys[i] = new FlowKey();
        }
        hashes = new int[burst];
        peeked = new boolean[burst];
    }

    /**
     * Looks at frame {@code index} of the burst, {@code length} bytes at {@code frame} of {@code memory}.
     *
     * @return the session-key hash of its flow, or {@link #NO_HASH}
     */
    public int peek(int index, MemorySegment memory, long frame, int length) {
        int hash = hash(keys[index], memory, frame, length);
        peeked[index] = hash != NO_HASH;
        hashes[index] = hash;
        return hash;
    }

    /** The hashes of the frames peeked at, by index in the burst: the slots to prefetch. */
    public int[] hashes() {
        return hashes;
    }

    /**
     * {@code key.hash()} of frame {@code index}'s flow once parsed: the hash peeked at when {@code key} is
     * the flow that was seen (comparing is cheaper than hashing), else computed.
     */
    public int hashOf(int index, FlowKey key) {
        return peeked[index] && keys[index].equals(key) ? hashes[index] : key.hash();
    }

    private static int hash(FlowKey scratch, MemorySegment memory, long frame, int length) {
        if (length < Ethernet.LENGTH + Ipv4.MIN_LENGTH + PORTS_LENGTH) {
            return NO_HASH;
        }
        int etherType = u16(memory, frame + Ethernet.ETHERTYPE);
        long ip = frame + Ethernet.LENGTH;
        if (etherType == Headers.ETHERTYPE_IPV4) {
            int l4 = Ethernet.LENGTH + (u8(memory, ip + Ipv4.VERSION_IHL) & 0x0F) * 4;
            int protocol = u8(memory, ip + Ipv4.PROTOCOL);
            if (!isTcpOrUdp(protocol) || l4 + PORTS_LENGTH > length) {
                return NO_HASH;
            }
            long ports = frame + l4;
            return scratch.ipv4(protocol, i32(memory, ip + Ipv4.SOURCE), u16(memory, ports + Tcp.SOURCE_PORT),
                    i32(memory, ip + Ipv4.DESTINATION), u16(memory, ports + Tcp.DESTINATION_PORT)).hash();
        }
        if (etherType == Headers.ETHERTYPE_IPV6 && length >= Ethernet.LENGTH + Ipv6.LENGTH + PORTS_LENGTH) {
            int protocol = u8(memory, ip + Ipv6.NEXT_HEADER);
            if (!isTcpOrUdp(protocol)) {
                return NO_HASH;
            }
            long ports = ip + Ipv6.LENGTH;
            return scratch.ipv6(protocol, i64(memory, ip + Ipv6.SOURCE), i64(memory, ip + Ipv6.SOURCE + 8),
                    u16(memory, ports + Tcp.SOURCE_PORT), i64(memory, ip + Ipv6.DESTINATION),
                    i64(memory, ip + Ipv6.DESTINATION + 8), u16(memory, ports + Tcp.DESTINATION_PORT)).hash();
        }
        return NO_HASH;
    }

    private static boolean isTcpOrUdp(int protocol) {
        return protocol == Headers.PROTOCOL_TCP || protocol == Headers.PROTOCOL_UDP;
    }
}
