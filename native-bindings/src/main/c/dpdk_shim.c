/*
 * DPDK defines its per-packet functions static inline, so they have no symbol to call from Java.
 * This shim gives each one a symbol and nothing more: no logic lives here. Every other DPDK
 * function is called directly (see the Java bindings in io.trunkline.bindings.dpdk).
 */
#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_ethdev.h>
#include <rte_ring.h>

int tl_rte_errno(void) { return rte_errno; }
unsigned tl_rte_lcore_id(void) { return rte_lcore_id(); }
unsigned tl_rte_socket_id(void) { return rte_socket_id(); }

uint16_t tl_rte_eth_rx_burst(uint16_t port, uint16_t queue, struct rte_mbuf **pkts, uint16_t n) {
    return rte_eth_rx_burst(port, queue, pkts, n);
}

uint16_t tl_rte_eth_tx_burst(uint16_t port, uint16_t queue, struct rte_mbuf **pkts, uint16_t n) {
    return rte_eth_tx_burst(port, queue, pkts, n);
}

struct rte_mbuf *tl_rte_pktmbuf_alloc(struct rte_mempool *pool) { return rte_pktmbuf_alloc(pool); }
int tl_rte_pktmbuf_alloc_bulk(struct rte_mempool *pool, struct rte_mbuf **mbufs, unsigned n) {
    return rte_pktmbuf_alloc_bulk(pool, mbufs, n);
}
void tl_rte_pktmbuf_free(struct rte_mbuf *m) { rte_pktmbuf_free(m); }

unsigned tl_rte_ring_enqueue_burst(struct rte_ring *r, void *const *objs, unsigned n) {
    return rte_ring_enqueue_burst(r, objs, n, NULL);
}
unsigned tl_rte_ring_dequeue_burst(struct rte_ring *r, void **objs, unsigned n) {
    return rte_ring_dequeue_burst(r, objs, n, NULL);
}
unsigned tl_rte_ring_count(const struct rte_ring *r) { return rte_ring_count(r); }
