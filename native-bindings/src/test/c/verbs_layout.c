/*
 * Prints the size and the offsets of every libibverbs struct member the Java bindings read or
 * write, and the enum values they use, compiled against the installed infiniband/verbs.h.
 * VerbsLayoutConformanceTest compares these lines with VerbsLayouts and VerbsConstants.
 * Output: "<struct> sizeof <n>", "<struct> <member.path> <offset> <size>", "const <NAME> <value>".
 */
#include <stdio.h>
#include <stddef.h>
#include <infiniband/verbs.h>

#define CONST(c) printf("const %s %llu\n", #c, (unsigned long long)(c))
#define SIZE(s) printf("%s sizeof %zu\n", #s, sizeof(struct s))
#define FIELD(s, m) printf("%s %s %zu %zu\n", #s, #m, offsetof(struct s, m), sizeof(((struct s *)0)->m))

int main(void) {
    SIZE(ibv_device_attr);
    FIELD(ibv_device_attr, fw_ver);
    FIELD(ibv_device_attr, node_guid);
    FIELD(ibv_device_attr, max_mr_size);
    FIELD(ibv_device_attr, vendor_id);
    FIELD(ibv_device_attr, vendor_part_id);
    FIELD(ibv_device_attr, max_qp);
    FIELD(ibv_device_attr, max_qp_wr);
    FIELD(ibv_device_attr, max_sge);
    FIELD(ibv_device_attr, max_cq);
    FIELD(ibv_device_attr, max_cqe);
    FIELD(ibv_device_attr, max_mr);
    FIELD(ibv_device_attr, max_pd);
    FIELD(ibv_device_attr, phys_port_cnt);

    SIZE(ibv_port_attr);
    FIELD(ibv_port_attr, state);
    FIELD(ibv_port_attr, max_mtu);
    FIELD(ibv_port_attr, active_mtu);
    FIELD(ibv_port_attr, gid_tbl_len);
    FIELD(ibv_port_attr, max_msg_sz);
    FIELD(ibv_port_attr, lid);
    FIELD(ibv_port_attr, link_layer);

    SIZE(ibv_qp_cap);
    FIELD(ibv_qp_cap, max_send_wr);
    FIELD(ibv_qp_cap, max_recv_wr);
    FIELD(ibv_qp_cap, max_send_sge);
    FIELD(ibv_qp_cap, max_recv_sge);
    FIELD(ibv_qp_cap, max_inline_data);

    SIZE(ibv_qp_init_attr);
    FIELD(ibv_qp_init_attr, qp_context);
    FIELD(ibv_qp_init_attr, send_cq);
    FIELD(ibv_qp_init_attr, recv_cq);
    FIELD(ibv_qp_init_attr, srq);
    FIELD(ibv_qp_init_attr, cap);
    FIELD(ibv_qp_init_attr, qp_type);
    FIELD(ibv_qp_init_attr, sq_sig_all);

    SIZE(ibv_global_route);
    FIELD(ibv_global_route, dgid);
    FIELD(ibv_global_route, flow_label);
    FIELD(ibv_global_route, sgid_index);
    FIELD(ibv_global_route, hop_limit);
    FIELD(ibv_global_route, traffic_class);

    SIZE(ibv_ah_attr);
    FIELD(ibv_ah_attr, grh);
    FIELD(ibv_ah_attr, dlid);
    FIELD(ibv_ah_attr, sl);
    FIELD(ibv_ah_attr, src_path_bits);
    FIELD(ibv_ah_attr, static_rate);
    FIELD(ibv_ah_attr, is_global);
    FIELD(ibv_ah_attr, port_num);

    SIZE(ibv_qp_attr);
    FIELD(ibv_qp_attr, qp_state);
    FIELD(ibv_qp_attr, path_mtu);
    FIELD(ibv_qp_attr, rq_psn);
    FIELD(ibv_qp_attr, sq_psn);
    FIELD(ibv_qp_attr, dest_qp_num);
    FIELD(ibv_qp_attr, qp_access_flags);
    FIELD(ibv_qp_attr, ah_attr);
    FIELD(ibv_qp_attr, ah_attr.grh.dgid);
    FIELD(ibv_qp_attr, ah_attr.is_global);
    FIELD(ibv_qp_attr, pkey_index);
    FIELD(ibv_qp_attr, max_rd_atomic);
    FIELD(ibv_qp_attr, max_dest_rd_atomic);
    FIELD(ibv_qp_attr, min_rnr_timer);
    FIELD(ibv_qp_attr, port_num);
    FIELD(ibv_qp_attr, timeout);
    FIELD(ibv_qp_attr, retry_cnt);
    FIELD(ibv_qp_attr, rnr_retry);

    SIZE(ibv_sge);
    FIELD(ibv_sge, addr);
    FIELD(ibv_sge, length);
    FIELD(ibv_sge, lkey);

    SIZE(ibv_send_wr);
    FIELD(ibv_send_wr, wr_id);
    FIELD(ibv_send_wr, next);
    FIELD(ibv_send_wr, sg_list);
    FIELD(ibv_send_wr, num_sge);
    FIELD(ibv_send_wr, opcode);
    FIELD(ibv_send_wr, send_flags);

    SIZE(ibv_recv_wr);
    FIELD(ibv_recv_wr, wr_id);
    FIELD(ibv_recv_wr, next);
    FIELD(ibv_recv_wr, sg_list);
    FIELD(ibv_recv_wr, num_sge);

    SIZE(ibv_wc);
    FIELD(ibv_wc, wr_id);
    FIELD(ibv_wc, status);
    FIELD(ibv_wc, opcode);
    FIELD(ibv_wc, vendor_err);
    FIELD(ibv_wc, byte_len);
    FIELD(ibv_wc, qp_num);

    SIZE(ibv_mr);
    FIELD(ibv_mr, addr);
    FIELD(ibv_mr, length);
    FIELD(ibv_mr, lkey);
    FIELD(ibv_mr, rkey);

    SIZE(ibv_qp);
    FIELD(ibv_qp, qp_num);

    CONST(IBV_SYSFS_NAME_MAX);
    CONST(IBV_QPT_RC);
    CONST(IBV_QPS_RESET);
    CONST(IBV_QPS_INIT);
    CONST(IBV_QPS_RTR);
    CONST(IBV_QPS_RTS);
    CONST(IBV_QPS_ERR);
    CONST(IBV_QP_STATE);
    CONST(IBV_QP_ACCESS_FLAGS);
    CONST(IBV_QP_PKEY_INDEX);
    CONST(IBV_QP_PORT);
    CONST(IBV_QP_AV);
    CONST(IBV_QP_PATH_MTU);
    CONST(IBV_QP_TIMEOUT);
    CONST(IBV_QP_RETRY_CNT);
    CONST(IBV_QP_RNR_RETRY);
    CONST(IBV_QP_RQ_PSN);
    CONST(IBV_QP_MAX_QP_RD_ATOMIC);
    CONST(IBV_QP_MIN_RNR_TIMER);
    CONST(IBV_QP_SQ_PSN);
    CONST(IBV_QP_MAX_DEST_RD_ATOMIC);
    CONST(IBV_QP_DEST_QPN);
    CONST(IBV_WR_SEND);
    CONST(IBV_SEND_FENCE);
    CONST(IBV_SEND_SIGNALED);
    CONST(IBV_SEND_SOLICITED);
    CONST(IBV_SEND_INLINE);
    CONST(IBV_ACCESS_LOCAL_WRITE);
    CONST(IBV_ACCESS_REMOTE_WRITE);
    CONST(IBV_ACCESS_REMOTE_READ);
    CONST(IBV_MTU_256);
    CONST(IBV_MTU_512);
    CONST(IBV_MTU_1024);
    CONST(IBV_MTU_2048);
    CONST(IBV_MTU_4096);
    CONST(IBV_PORT_DOWN);
    CONST(IBV_PORT_INIT);
    CONST(IBV_PORT_ARMED);
    CONST(IBV_PORT_ACTIVE);
    CONST(IBV_LINK_LAYER_UNSPECIFIED);
    CONST(IBV_LINK_LAYER_INFINIBAND);
    CONST(IBV_LINK_LAYER_ETHERNET);
    CONST(IBV_WC_SUCCESS);
    CONST(IBV_WC_WR_FLUSH_ERR);
    CONST(IBV_WC_RETRY_EXC_ERR);
    CONST(IBV_WC_RNR_RETRY_EXC_ERR);
    CONST(IBV_WC_SEND);
    CONST(IBV_WC_RECV);
    return 0;
}
