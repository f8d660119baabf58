package io.trunkline.bindings.dpdk;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import io.trunkline.bindings.Layouts;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.util.Map;

/**
 * The DPDK 22.11 structs the bindings read or write, drawn member by member where Java touches them
 * and padded elsewhere. DpdkLayoutConformanceTest checks every named member's offset and size, and
 * every struct's size, against a C program compiled with the installed headers.
 */
public final class DpdkLayouts {
    private DpdkLayouts() {
    }

    /** struct rte_mbuf (rte_mbuf_core.h): two cache lines. */
    public static final StructLayout RTE_MBUF = MemoryLayout.structLayout(
            ADDRESS.withName("buf_addr"),                 //   0
            MemoryLayout.paddingLayout(8),                //   8 buf_iova
            JAVA_SHORT.withName("data_off"),              //  16
            JAVA_SHORT.withName("refcnt"),                //  18
            JAVA_SHORT.withName("nb_segs"),               //  20
            JAVA_SHORT.withName("port"),                  //  22
            JAVA_LONG.withName("ol_flags"),               //  24
            JAVA_INT.withName("packet_type"),             //  32
            JAVA_INT.withName("pkt_len"),                 //  36
            JAVA_SHORT.withName("data_len"),              //  40
            JAVA_SHORT.withName("vlan_tci"),              //  42
            MemoryLayout.structLayout(
                    JAVA_INT.withName("rss"),
                    MemoryLayout.paddingLayout(4)).withName("hash"), //  44 (union, rss first)
            MemoryLayout.paddingLayout(2),                //  52 vlan_tci_outer
            JAVA_SHORT.withName("buf_len"),               //  54
            ADDRESS.withName("pool"),                     //  56
            ADDRESS.withName("next"),                     //  64
            JAVA_LONG.withName("tx_offload"),             //  72
            MemoryLayout.paddingLayout(48)                //  80 shinfo, priv_size, timesync, dynfield1
    ).withName("rte_mbuf");

    /** struct rte_eth_conf: only the Rx/Tx mode and RSS members are set; the rest stays zero. */
    public static final StructLayout RTE_ETH_CONF = MemoryLayout.structLayout(
            MemoryLayout.paddingLayout(8),                //   0 link_speeds + rxmode alignment
            MemoryLayout.structLayout(
                    JAVA_INT.withName("mq_mode"),         //   8
                    JAVA_INT.withName("mtu"),             //  12
                    MemoryLayout.paddingLayout(8),        //  16 max_lro_pkt_size
                    JAVA_LONG.withName("offloads"),       //  24
                    MemoryLayout.paddingLayout(32)        //  32 reserved
            ).withName("rxmode"),
            MemoryLayout.structLayout(
                    MemoryLayout.paddingLayout(8),        //  64 mq_mode
                    JAVA_LONG.withName("offloads"),       //  72
                    MemoryLayout.paddingLayout(40)        //  80 pvid, flags, reserved
            ).withName("txmode"),
            MemoryLayout.paddingLayout(8),                // 120 lpbk_mode
            MemoryLayout.structLayout(
                    MemoryLayout.structLayout(
                            ADDRESS.withName("rss_key"),  // 128
                            JAVA_BYTE.withName("rss_key_len"), // 136
                            MemoryLayout.paddingLayout(7),
                            JAVA_LONG.withName("rss_hf")  // 144
                    ).withName("rss_conf"),
                    MemoryLayout.paddingLayout(2272 - 152)  // the other Rx/Tx advanced configurations
            ).withName("rx_adv_conf")
    ).withName("rte_eth_conf");

    /** struct rte_eth_rxconf. */
    public static final StructLayout RTE_ETH_RXCONF = MemoryLayout.structLayout(
            MemoryLayout.paddingLayout(4),                //   0 rx_thresh + pad
            JAVA_SHORT.withName("rx_free_thresh"),        //   4
            MemoryLayout.paddingLayout(10),               //   6 drop_en .. share_qid
            JAVA_LONG.withName("offloads"),               //  16
            MemoryLayout.paddingLayout(56)                //  24 rx_seg .. reserved
    ).withName("rte_eth_rxconf");

    /** struct rte_eth_txconf. */
    public static final StructLayout RTE_ETH_TXCONF = MemoryLayout.structLayout(
            MemoryLayout.paddingLayout(4),                //   0 tx_thresh + pad
            JAVA_SHORT.withName("tx_rs_thresh"),          //   4
            JAVA_SHORT.withName("tx_free_thresh"),        //   6
            MemoryLayout.paddingLayout(8),                //   8 tx_deferred_start + pad
            JAVA_LONG.withName("offloads"),               //  16
            MemoryLayout.paddingLayout(32)                //  24 reserved
    ).withName("rte_eth_txconf");

    /** struct rte_eth_desc_lim. */
    public static final StructLayout RTE_ETH_DESC_LIM = MemoryLayout.structLayout(
            JAVA_SHORT.withName("nb_max"),
            JAVA_SHORT.withName("nb_min"),
            JAVA_SHORT.withName("nb_align"),
            MemoryLayout.paddingLayout(4)                 // nb_seg_max, nb_mtu_seg_max
    ).withName("rte_eth_desc_lim");

    /** struct rte_eth_dev_info. */
    public static final StructLayout RTE_ETH_DEV_INFO = MemoryLayout.structLayout(
            MemoryLayout.paddingLayout(8),                //   0 device
            ADDRESS.withName("driver_name"),              //   8
            JAVA_INT.withName("if_index"),                //  16
            JAVA_SHORT.withName("min_mtu"),               //  20
            JAVA_SHORT.withName("max_mtu"),               //  22
            MemoryLayout.paddingLayout(12),               //  24 dev_flags, min_rx_bufsize
            JAVA_INT.withName("max_rx_pktlen"),           //  36
            MemoryLayout.paddingLayout(4),                //  40 max_lro_pkt_size
            JAVA_SHORT.withName("max_rx_queues"),         //  44
            JAVA_SHORT.withName("max_tx_queues"),         //  46
            MemoryLayout.paddingLayout(24),               //  48 mac addrs, vfs, vmdq, rx_seg_capa
            JAVA_LONG.withName("rx_offload_capa"),        //  72
            JAVA_LONG.withName("tx_offload_capa"),        //  80
            MemoryLayout.paddingLayout(16),               //  88 per-queue capabilities
            JAVA_SHORT.withName("reta_size"),             // 104
            JAVA_BYTE.withName("hash_key_size"),          // 106
            MemoryLayout.paddingLayout(5),
            JAVA_LONG.withName("flow_type_rss_offloads"), // 112
            RTE_ETH_RXCONF.withName("default_rxconf"),    // 120
            RTE_ETH_TXCONF.withName("default_txconf"),    // 200
            MemoryLayout.paddingLayout(6),                // 256 vmdq queue/pool bases
            RTE_ETH_DESC_LIM.withName("rx_desc_lim"),     // 262
            RTE_ETH_DESC_LIM.withName("tx_desc_lim"),     // 272
            MemoryLayout.paddingLayout(6),                // 282 speed_capa (unaligned by the packed lims)
            JAVA_SHORT.withName("nb_rx_queues"),          // 288
            JAVA_SHORT.withName("nb_tx_queues"),          // 290
            MemoryLayout.paddingLayout(376 - 292)         // 292 portconfs, dev_capa, switch_info, reserved
    ).withName("rte_eth_dev_info");

    /** struct rte_eth_stats: the port totals; the per-queue arrays follow and are not read. */
    public static final StructLayout RTE_ETH_STATS = MemoryLayout.structLayout(
            JAVA_LONG.withName("ipackets"),
            JAVA_LONG.withName("opackets"),
            JAVA_LONG.withName("ibytes"),
            JAVA_LONG.withName("obytes"),
            JAVA_LONG.withName("imissed"),
            JAVA_LONG.withName("ierrors"),
            JAVA_LONG.withName("oerrors"),
            JAVA_LONG.withName("rx_nombuf"),
            MemoryLayout.paddingLayout(704 - 64)
    ).withName("rte_eth_stats");

    /** struct rte_eth_xstat. */
    public static final StructLayout RTE_ETH_XSTAT = MemoryLayout.structLayout(
            JAVA_LONG.withName("id"),
            JAVA_LONG.withName("value")
    ).withName("rte_eth_xstat");

    /** struct rte_eth_xstat_name: a NUL-terminated name of RTE_ETH_XSTATS_NAME_SIZE bytes. */
    public static final StructLayout RTE_ETH_XSTAT_NAME = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(64, JAVA_BYTE).withName("name")
    ).withName("rte_eth_xstat_name");

    /** struct rte_ether_addr. */
    public static final StructLayout RTE_ETHER_ADDR = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(6, JAVA_BYTE).withName("addr_bytes")
    ).withName("rte_ether_addr");

    /** struct rte_eth_link: link_speed, then duplex/autoneg/status as bits of the word at offset 0. */
    public static final StructLayout RTE_ETH_LINK = MemoryLayout.structLayout(
            JAVA_INT.withName("link_speed"),
            MemoryLayout.paddingLayout(4)
    ).withByteAlignment(8).withName("rte_eth_link");

    /** Bit index of each rte_eth_link flag in the little-endian 64-bit word at offset 0. */
    public static final int LINK_DUPLEX_BIT = 32;
    public static final int LINK_AUTONEG_BIT = 33;
    public static final int LINK_STATUS_BIT = 34;

    /** Every layout above by its C struct name, for the conformance test. */
    public static final Map<String, StructLayout> ALL = Map.of(
            "rte_mbuf", RTE_MBUF,
            "rte_eth_conf", RTE_ETH_CONF,
            "rte_eth_rxconf", RTE_ETH_RXCONF,
            "rte_eth_txconf", RTE_ETH_TXCONF,
            "rte_eth_desc_lim", RTE_ETH_DESC_LIM,
            "rte_eth_dev_info", RTE_ETH_DEV_INFO,
            "rte_eth_stats", RTE_ETH_STATS,
            "rte_eth_xstat", RTE_ETH_XSTAT,
            "rte_eth_xstat_name", RTE_ETH_XSTAT_NAME,
            "rte_ether_addr", RTE_ETHER_ADDR);
    // rte_eth_link is checked separately: its flags are bit fields.

    /** Byte offset of a member given by a dotted path, e.g. {@code "rxmode.offloads"}. */
    public static long offset(StructLayout layout, String path) {
        return Layouts.offset(layout, path);
    }
}
