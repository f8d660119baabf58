/*
 * libibverbs defines its data-path functions static inline (they jump through the provider's ops
 * table), and ibv_query_port and ibv_reg_mr are macros over inline helpers, so none of them has a
 * symbol to call from Java. This shim gives each one a symbol and nothing more: no logic lives
 * here. Every other verbs function is called directly (see io.trunkline.bindings.verbs).
 */
#include <infiniband/verbs.h>

int tl_ibv_query_port(struct ibv_context *context, uint8_t port_num, struct ibv_port_attr *port_attr) {
    return ibv_query_port(context, port_num, port_attr);
}

struct ibv_mr *tl_ibv_reg_mr(struct ibv_pd *pd, void *addr, size_t length, int access) {
    return ibv_reg_mr(pd, addr, length, access);
}

int tl_ibv_post_send(struct ibv_qp *qp, struct ibv_send_wr *wr, struct ibv_send_wr **bad_wr) {
    return ibv_post_send(qp, wr, bad_wr);
}

int tl_ibv_post_recv(struct ibv_qp *qp, struct ibv_recv_wr *wr, struct ibv_recv_wr **bad_wr) {
    return ibv_post_recv(qp, wr, bad_wr);
}

int tl_ibv_poll_cq(struct ibv_cq *cq, int num_entries, struct ibv_wc *wc) {
    return ibv_poll_cq(cq, num_entries, wc);
}
