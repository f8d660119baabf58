/*
 * Prints the size and the offsets of every DPDK struct member the Java bindings read or write,
 * compiled against the installed headers. DpdkLayoutConformanceTest compares these lines with the
 * Java MemoryLayouts. Output: "<struct> sizeof <n>" and "<struct> <member.path> <offset> <size>".
 */
#include <stdio.h>
#include <stddef.h>
#include <string.h>
#include <rte_mbuf.h>
#include <rte_ethdev.h>

#define CONST(c) printf("const %s %llu\n", #c, (unsigned long long)(c))
#define SIZE(s) printf("%s sizeof %zu\n", #s, sizeof(struct s))
#define FIELD(s, m) printf("%s %s %zu %zu\n", #s, #m, offsetof(struct s, m), sizeof(((struct s *)0)->m))

/* Bit fields have no offsetof: print the bit index of each flag within the 64-bit word at offset 0. */
static int bit_of(const struct rte_eth_link *link) {
    uint64_t word;
    memcpy(&word, link, sizeof(word));
    return __builtin_ctzll(word);
}

int main(void) {
    SIZE(rte_mbuf);
    FIELD(rte_mbuf, buf_addr);
    FIELD(rte_mbuf, data_off);
    FIELD(rte_mbuf, refcnt);
    FIELD(rte_mbuf, nb_segs);
    FIELD(rte_mbuf, port);
    FIELD(rte_mbuf, ol_flags);
    FIELD(rte_mbuf, packet_type);
    FIELD(rte_mbuf, pkt_len);
    FIELD(rte_mbuf, data_len);
    FIELD(rte_mbuf, vlan_tci);
    FIELD(rte_mbuf, hash.rss);
    FIELD(rte_mbuf, buf_len);
    FIELD(rte_mbuf, pool);
    FIELD(rte_mbuf, next);
    FIELD(rte_mbuf, tx_offload);

    SIZE(rte_eth_conf);
    FIELD(rte_eth_conf, rxmode.mq_mode);
    FIELD(rte_eth_conf, rxmode.mtu);
    FIELD(rte_eth_conf, rxmode.offloads);
    FIELD(rte_eth_conf, txmode.offloads);
    FIELD(rte_eth_conf, rx_adv_conf.rss_conf.rss_key);
    FIELD(rte_eth_conf, rx_adv_conf.rss_conf.rss_key_len);
    FIELD(rte_eth_conf, rx_adv_conf.rss_conf.rss_hf);

    SIZE(rte_eth_rxconf);
    FIELD(rte_eth_rxconf, rx_free_thresh);
    FIELD(rte_eth_rxconf, offloads);

    SIZE(rte_eth_txconf);
    FIELD(rte_eth_txconf, tx_rs_thresh);
    FIELD(rte_eth_txconf, tx_free_thresh);
    FIELD(rte_eth_txconf, offloads);

    SIZE(rte_eth_desc_lim);
    FIELD(rte_eth_desc_lim, nb_max);
    FIELD(rte_eth_desc_lim, nb_min);
    FIELD(rte_eth_desc_lim, nb_align);

    SIZE(rte_eth_dev_info);
    FIELD(rte_eth_dev_info, driver_name);
    FIELD(rte_eth_dev_info, if_index);
    FIELD(rte_eth_dev_info, min_mtu);
    FIELD(rte_eth_dev_info, max_mtu);
    FIELD(rte_eth_dev_info, max_rx_pktlen);
    FIELD(rte_eth_dev_info, max_rx_queues);
    FIELD(rte_eth_dev_info, max_tx_queues);
    FIELD(rte_eth_dev_info, rx_offload_capa);
    FIELD(rte_eth_dev_info, tx_offload_capa);
    FIELD(rte_eth_dev_info, reta_size);
    FIELD(rte_eth_dev_info, hash_key_size);
    FIELD(rte_eth_dev_info, flow_type_rss_offloads);
    FIELD(rte_eth_dev_info, default_rxconf);
    FIELD(rte_eth_dev_info, default_txconf);
    FIELD(rte_eth_dev_info, rx_desc_lim);
    FIELD(rte_eth_dev_info, tx_desc_lim);
    FIELD(rte_eth_dev_info, nb_rx_queues);
    FIELD(rte_eth_dev_info, nb_tx_queues);

    SIZE(rte_eth_stats);
    FIELD(rte_eth_stats, ipackets);
    FIELD(rte_eth_stats, opackets);
    FIELD(rte_eth_stats, ibytes);
    FIELD(rte_eth_stats, obytes);
    FIELD(rte_eth_stats, imissed);
    FIELD(rte_eth_stats, ierrors);
    FIELD(rte_eth_stats, oerrors);
    FIELD(rte_eth_stats, rx_nombuf);

    SIZE(rte_eth_xstat);
    FIELD(rte_eth_xstat, id);
    FIELD(rte_eth_xstat, value);
    SIZE(rte_eth_xstat_name);
    FIELD(rte_eth_xstat_name, name);

    SIZE(rte_ether_addr);
    FIELD(rte_ether_addr, addr_bytes);

    SIZE(rte_eth_link);
    FIELD(rte_eth_link, link_speed);
    struct rte_eth_link link;
    memset(&link, 0, sizeof(link)); link.link_duplex = 1;
    printf("rte_eth_link bit.link_duplex %d 1\n", bit_of(&link));
    memset(&link, 0, sizeof(link)); link.link_autoneg = 1;
    printf("rte_eth_link bit.link_autoneg %d 1\n", bit_of(&link));
    memset(&link, 0, sizeof(link)); link.link_status = 1;
    printf("rte_eth_link bit.link_status %d 1\n", bit_of(&link));

    CONST(RTE_MAX_ETHPORTS);
    CONST(RTE_ETH_MQ_RX_NONE);
    CONST(RTE_ETH_MQ_RX_RSS);
    CONST(RTE_ETH_RSS_IP);
    CONST(RTE_ETH_RSS_TCP);
    CONST(RTE_ETH_RSS_UDP);
    CONST(RTE_ETH_RX_OFFLOAD_RSS_HASH);
    CONST(RTE_ETH_TX_OFFLOAD_IPV4_CKSUM);
    CONST(RTE_ETH_TX_OFFLOAD_UDP_CKSUM);
    CONST(RTE_ETH_TX_OFFLOAD_TCP_CKSUM);
    CONST(RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE);
    CONST(RTE_MBUF_F_RX_RSS_HASH);
    CONST(RTE_MBUF_F_TX_IPV6);
    CONST(RTE_MBUF_F_TX_IPV4);
    CONST(RTE_MBUF_F_TX_IP_CKSUM);
    CONST(RTE_MBUF_F_TX_TCP_CKSUM);
    CONST(RTE_MBUF_F_TX_UDP_CKSUM);
    CONST(RTE_PKTMBUF_HEADROOM);
    CONST(RTE_ETH_XSTATS_NAME_SIZE);
    return 0;
}
