package io.trunkline.bindings.dpdk;

/**
 * DPDK 22.11 macros and enum values the bindings use, under their C names. The conformance test
 * compares each field here with the value the installed headers give.
 */
public final class DpdkConstants {
    private DpdkConstants() {
    }

    public static final int RTE_MAX_ETHPORTS = 32;
    public static final int RTE_ETH_MQ_RX_NONE = 0;
    public static final int RTE_ETH_MQ_RX_RSS = 1;

    public static final long RTE_ETH_RSS_IP = 0xa38cL;
    public static final long RTE_ETH_RSS_TCP = 0x10410L;
    public static final long RTE_ETH_RSS_UDP = 0x20820L;

    public static final long RTE_ETH_RX_OFFLOAD_RSS_HASH = 1L << 19;
    public static final long RTE_ETH_TX_OFFLOAD_IPV4_CKSUM = 1L << 1;
    public static final long RTE_ETH_TX_OFFLOAD_UDP_CKSUM = 1L << 2;
    public static final long RTE_ETH_TX_OFFLOAD_TCP_CKSUM = 1L << 3;
    public static final long RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE = 1L << 16;

    public static final long RTE_MBUF_F_RX_RSS_HASH = 1L << 1;
    public static final long RTE_MBUF_F_TX_IPV6 = 1L << 56;
    public static final long RTE_MBUF_F_TX_IPV4 = 1L << 55;
    public static final long RTE_MBUF_F_TX_IP_CKSUM = 1L << 54;
    public static final long RTE_MBUF_F_TX_TCP_CKSUM = 1L << 52;
    public static final long RTE_MBUF_F_TX_UDP_CKSUM = 3L << 52;

    public static final int RTE_PKTMBUF_HEADROOM = 128;
    public static final int RTE_ETH_XSTATS_NAME_SIZE = 64;
}
