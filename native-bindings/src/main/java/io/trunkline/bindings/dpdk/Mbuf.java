package io.trunkline.bindings.dpdk;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import java.lang.foreign.MemorySegment;

/**
 * Flyweight over one struct rte_mbuf, addressed by its native address. {@link #wrap} moves it to
 * another mbuf; nothing is allocated per packet. Single-segment packets only: the fast path
 * configures its pools so that every frame fits one segment.
 */
public final class Mbuf {
    public static final long SIZE = DpdkLayouts.RTE_MBUF.byteSize();
    static final long BUF_ADDR = DpdkLayouts.offset(DpdkLayouts.RTE_MBUF, "buf_addr");
    static final long DATA_OFF = DpdkLayouts.offset(DpdkLayouts.RTE_MBUF, "data_off");
    static final long NB_SEGS = DpdkLayouts.offset(DpdkLayouts.RTE_MBUF, "nb_segs");
    static final long PORT = DpdkLayouts.offset(DpdkLayouts.RTE_MBUF, "port");
    static final long OL_FLAGS = DpdkLayouts.offset(DpdkLayouts.RTE_MBUF, "ol_flags");
    static final long PACKET_TYPE = DpdkLayouts.offset(DpdkLayouts.RTE_MBUF, "packet_type");
    static final long PKT_LEN = DpdkLayouts.offset(DpdkLayouts.RTE_MBUF, "pkt_len");
    static final long DATA_LEN = DpdkLayouts.offset(DpdkLayouts.RTE_MBUF, "data_len");
    static final long VLAN_TCI = DpdkLayouts.offset(DpdkLayouts.RTE_MBUF, "vlan_tci");
    static final long RSS = DpdkLayouts.offset(DpdkLayouts.RTE_MBUF, "hash.rss");
    static final long BUF_LEN = DpdkLayouts.offset(DpdkLayouts.RTE_MBUF, "buf_len");
    static final long TX_OFFLOAD = DpdkLayouts.offset(DpdkLayouts.RTE_MBUF, "tx_offload");

    private static final MemorySegment MEMORY = Dpdk.MEMORY;
    private long address;

    /** Points this flyweight at the mbuf at {@code address}. */
    public Mbuf wrap(long address) {
        this.address = address;
        return this;
    }

    public long address() {
        return address;
    }

    /** Native address of the first byte of packet data: buf_addr + data_off (rte_pktmbuf_mtod). */
    public long dataAddress() {
        return MEMORY.get(JAVA_LONG_UNALIGNED, address + BUF_ADDR) + dataOffset();
    }

    public int dataOffset() {
        return Short.toUnsignedInt(MEMORY.get(JAVA_SHORT_UNALIGNED, address + DATA_OFF));
    }

    /** Bytes of packet data in this segment. */
    public int dataLength() {
        return Short.toUnsignedInt(MEMORY.get(JAVA_SHORT_UNALIGNED, address + DATA_LEN));
    }

    /** Bytes of the whole packet over all segments. */
    public int packetLength() {
        return MEMORY.get(JAVA_INT_UNALIGNED, address + PKT_LEN);
    }

    /** Sets data_len and pkt_len together (single segment). */
    public void length(int length) {
        MEMORY.set(JAVA_SHORT_UNALIGNED, address + DATA_LEN, (short) length);
        MEMORY.set(JAVA_INT_UNALIGNED, address + PKT_LEN, length);
    }

    /** Moves the start of packet data by {@code delta} bytes (negative prepends, as rte_pktmbuf_prepend). */
    public void adjustStart(int delta) {
        MEMORY.set(JAVA_SHORT_UNALIGNED, address + DATA_OFF, (short) (dataOffset() + delta));
        length(dataLength() - delta);
    }

    /** Bytes of buffer before the packet data: how much can be prepended. */
    public int headroom() {
        return dataOffset();
    }

    /** Bytes of buffer after the packet data: how much can be appended. */
    public int tailroom() {
        return Short.toUnsignedInt(MEMORY.get(JAVA_SHORT_UNALIGNED, address + BUF_LEN)) - dataOffset() - dataLength();
    }

    public int segments() {
        return Short.toUnsignedInt(MEMORY.get(JAVA_SHORT_UNALIGNED, address + NB_SEGS));
    }

    /** The input port the PMD recorded. */
    public int port() {
        return Short.toUnsignedInt(MEMORY.get(JAVA_SHORT_UNALIGNED, address + PORT));
    }

    public long offloadFlags() {
        return MEMORY.get(JAVA_LONG_UNALIGNED, address + OL_FLAGS);
    }

    public void offloadFlags(long flags) {
        MEMORY.set(JAVA_LONG_UNALIGNED, address + OL_FLAGS, flags);
    }

    public int packetType() {
        return MEMORY.get(JAVA_INT_UNALIGNED, address + PACKET_TYPE);
    }

    /** The RSS hash the NIC computed, valid when the RSS flag is set in offloadFlags. */
    public int rssHash() {
        return MEMORY.get(JAVA_INT_UNALIGNED, address + RSS);
    }

    public int vlanTci() {
        return Short.toUnsignedInt(MEMORY.get(JAVA_SHORT_UNALIGNED, address + VLAN_TCI));
    }

    /** The packed l2_len/l3_len/l4_len/... word the PMD reads for checksum offloads. */
    public void txOffload(long value) {
        MEMORY.set(JAVA_LONG_UNALIGNED, address + TX_OFFLOAD, value);
    }
}
