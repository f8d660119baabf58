package io.trunkline.bindings.verbs;

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
 * The libibverbs structs (infiniband/verbs.h, rdma-core 44) the bindings read or write, drawn member
 * by member where Java touches them and padded elsewhere. VerbsLayoutConformanceTest checks every
 * named member's offset and size, and every struct's size, against a C program compiled with the
 * installed header.
 */
public final class VerbsLayouts {
    private VerbsLayouts() {
    }

    /** struct ibv_device_attr: what ibv_query_device fills. */
    public static final StructLayout IBV_DEVICE_ATTR = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(64, JAVA_BYTE).withName("fw_ver"), //   0 NUL-terminated
            JAVA_LONG.withName("node_guid"),              //  64 big-endian
            MemoryLayout.paddingLayout(8),                //  72 sys_image_guid
            JAVA_LONG.withName("max_mr_size"),            //  80
            MemoryLayout.paddingLayout(8),                //  88 page_size_cap
            JAVA_INT.withName("vendor_id"),               //  96
            JAVA_INT.withName("vendor_part_id"),          // 100
            MemoryLayout.paddingLayout(4),                // 104 hw_ver
            JAVA_INT.withName("max_qp"),                  // 108
            JAVA_INT.withName("max_qp_wr"),               // 112
            MemoryLayout.paddingLayout(4),                // 116 device_cap_flags
            JAVA_INT.withName("max_sge"),                 // 120
            MemoryLayout.paddingLayout(4),                // 124 max_sge_rd
            JAVA_INT.withName("max_cq"),                  // 128
            JAVA_INT.withName("max_cqe"),                 // 132
            JAVA_INT.withName("max_mr"),                  // 136
            JAVA_INT.withName("max_pd"),                  // 140
            MemoryLayout.paddingLayout(227 - 144),        // 144 rd/atomic, mcast, ah, srq limits, max_pkeys, ack delay
            JAVA_BYTE.withName("phys_port_cnt"),          // 227
            MemoryLayout.paddingLayout(4)                 // 228 tail padding
    ).withName("ibv_device_attr");

    /** struct ibv_port_attr: what ibv_query_port fills. */
    public static final StructLayout IBV_PORT_ATTR = MemoryLayout.structLayout(
            JAVA_INT.withName("state"),                   //   0 enum ibv_port_state
            JAVA_INT.withName("max_mtu"),                 //   4 enum ibv_mtu
            JAVA_INT.withName("active_mtu"),              //   8 enum ibv_mtu
            JAVA_INT.withName("gid_tbl_len"),             //  12
            MemoryLayout.paddingLayout(4),                //  16 port_cap_flags
            JAVA_INT.withName("max_msg_sz"),              //  20
            MemoryLayout.paddingLayout(10),               //  24 counters, pkey_tbl_len
            JAVA_SHORT.withName("lid"),                   //  34
            MemoryLayout.paddingLayout(10),               //  36 sm_lid .. phys_state
            JAVA_BYTE.withName("link_layer"),             //  46 IBV_LINK_LAYER_*
            MemoryLayout.paddingLayout(5)                 //  47 flags, port_cap_flags2, tail
    ).withName("ibv_port_attr");

    /** struct ibv_qp_cap: the queue sizes asked for at creation and granted back. */
    public static final StructLayout IBV_QP_CAP = MemoryLayout.structLayout(
            JAVA_INT.withName("max_send_wr"),             //   0
            JAVA_INT.withName("max_recv_wr"),             //   4
            JAVA_INT.withName("max_send_sge"),            //   8
            JAVA_INT.withName("max_recv_sge"),            //  12
            JAVA_INT.withName("max_inline_data")          //  16
    ).withName("ibv_qp_cap");

    /** struct ibv_qp_init_attr: the argument of ibv_create_qp. */
    public static final StructLayout IBV_QP_INIT_ATTR = MemoryLayout.structLayout(
            ADDRESS.withName("qp_context"),               //   0
            ADDRESS.withName("send_cq"),                  //   8
            ADDRESS.withName("recv_cq"),                  //  16
            ADDRESS.withName("srq"),                      //  24
            IBV_QP_CAP.withName("cap"),                   //  32
            JAVA_INT.withName("qp_type"),                 //  52 enum ibv_qp_type
            JAVA_INT.withName("sq_sig_all"),              //  56
            MemoryLayout.paddingLayout(4)                 //  60 tail padding
    ).withName("ibv_qp_init_attr");

    /** struct ibv_global_route: the GRH of an address vector; union ibv_gid is 8-aligned. */
    public static final StructLayout IBV_GLOBAL_ROUTE = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(16, JAVA_BYTE).withName("dgid"), //   0 union ibv_gid, network order
            JAVA_INT.withName("flow_label"),              //  16
            JAVA_BYTE.withName("sgid_index"),             //  20
            JAVA_BYTE.withName("hop_limit"),              //  21
            JAVA_BYTE.withName("traffic_class"),          //  22
            MemoryLayout.paddingLayout(1)                 //  23 tail padding
    ).withByteAlignment(8).withName("ibv_global_route");

    /** struct ibv_ah_attr: the address vector of the remote port (LID, or GID when is_global). */
    public static final StructLayout IBV_AH_ATTR = MemoryLayout.structLayout(
            IBV_GLOBAL_ROUTE.withName("grh"),             //   0
            JAVA_SHORT.withName("dlid"),                  //  24
            JAVA_BYTE.withName("sl"),                     //  26
            JAVA_BYTE.withName("src_path_bits"),          //  27
            JAVA_BYTE.withName("static_rate"),            //  28
            JAVA_BYTE.withName("is_global"),              //  29
            JAVA_BYTE.withName("port_num"),               //  30
            MemoryLayout.paddingLayout(1)                 //  31 tail padding
    ).withName("ibv_ah_attr");

    /** struct ibv_qp_attr: the argument of ibv_modify_qp; the attribute mask says which members count. */
    public static final StructLayout IBV_QP_ATTR = MemoryLayout.structLayout(
            JAVA_INT.withName("qp_state"),                //   0 enum ibv_qp_state
            MemoryLayout.paddingLayout(4),                //   4 cur_qp_state
            JAVA_INT.withName("path_mtu"),                //   8 enum ibv_mtu
            MemoryLayout.paddingLayout(8),                //  12 path_mig_state, qkey
            JAVA_INT.withName("rq_psn"),                  //  20
            JAVA_INT.withName("sq_psn"),                  //  24
            JAVA_INT.withName("dest_qp_num"),             //  28
            JAVA_INT.withName("qp_access_flags"),         //  32 IBV_ACCESS_*
            MemoryLayout.paddingLayout(20),               //  36 cap
            IBV_AH_ATTR.withName("ah_attr"),              //  56
            MemoryLayout.paddingLayout(32),               //  88 alt_ah_attr
            JAVA_SHORT.withName("pkey_index"),            // 120
            MemoryLayout.paddingLayout(4),                // 122 alt_pkey_index, en_sqd_async_notify, sq_draining
            JAVA_BYTE.withName("max_rd_atomic"),          // 126
            JAVA_BYTE.withName("max_dest_rd_atomic"),     // 127
            JAVA_BYTE.withName("min_rnr_timer"),          // 128
            JAVA_BYTE.withName("port_num"),               // 129
            JAVA_BYTE.withName("timeout"),                // 130
            JAVA_BYTE.withName("retry_cnt"),              // 131
            JAVA_BYTE.withName("rnr_retry"),              // 132
            MemoryLayout.paddingLayout(11)                // 133 alt_port_num, alt_timeout, rate_limit, tail
    ).withName("ibv_qp_attr");

    /** struct ibv_sge: one scatter/gather element inside a registered memory region. */
    public static final StructLayout IBV_SGE = MemoryLayout.structLayout(
            JAVA_LONG.withName("addr"),                   //   0
            JAVA_INT.withName("length"),                  //   8
            JAVA_INT.withName("lkey")                     //  12
    ).withName("ibv_sge");

    /** struct ibv_send_wr: SEND needs only the common head; the per-opcode unions stay zero. */
    public static final StructLayout IBV_SEND_WR = MemoryLayout.structLayout(
            JAVA_LONG.withName("wr_id"),                  //   0
            ADDRESS.withName("next"),                     //   8
            ADDRESS.withName("sg_list"),                  //  16
            JAVA_INT.withName("num_sge"),                 //  24
            JAVA_INT.withName("opcode"),                  //  28 enum ibv_wr_opcode
            JAVA_INT.withName("send_flags"),              //  32 IBV_SEND_*
            MemoryLayout.paddingLayout(128 - 36)          //  36 imm_data, wr (rdma/atomic/ud), qp_type, bind_mw/tso
    ).withName("ibv_send_wr");

    /** struct ibv_recv_wr. */
    public static final StructLayout IBV_RECV_WR = MemoryLayout.structLayout(
            JAVA_LONG.withName("wr_id"),                  //   0
            ADDRESS.withName("next"),                     //   8
            ADDRESS.withName("sg_list"),                  //  16
            JAVA_INT.withName("num_sge"),                 //  24
            MemoryLayout.paddingLayout(4)                 //  28 tail padding
    ).withName("ibv_recv_wr");

    /** struct ibv_wc: one work completion as ibv_poll_cq writes it. */
    public static final StructLayout IBV_WC = MemoryLayout.structLayout(
            JAVA_LONG.withName("wr_id"),                  //   0
            JAVA_INT.withName("status"),                  //   8 enum ibv_wc_status
            JAVA_INT.withName("opcode"),                  //  12 enum ibv_wc_opcode
            JAVA_INT.withName("vendor_err"),              //  16
            JAVA_INT.withName("byte_len"),                //  20
            MemoryLayout.paddingLayout(4),                //  24 imm_data / invalidated_rkey
            JAVA_INT.withName("qp_num"),                  //  28
            MemoryLayout.paddingLayout(16)                //  32 src_qp, wc_flags, pkey_index, slid, sl, dlid_path_bits, tail
    ).withName("ibv_wc");

    /** struct ibv_mr: what ibv_reg_mr returns; Java reads the keys. */
    public static final StructLayout IBV_MR = MemoryLayout.structLayout(
            MemoryLayout.paddingLayout(16),               //   0 context, pd
            ADDRESS.withName("addr"),                     //  16
            JAVA_LONG.withName("length"),                 //  24 size_t
            MemoryLayout.paddingLayout(4),                //  32 handle
            JAVA_INT.withName("lkey"),                    //  36
            JAVA_INT.withName("rkey"),                    //  40
            MemoryLayout.paddingLayout(4)                 //  44 tail padding
    ).withName("ibv_mr");

    /** struct ibv_qp: Java reads the QP number, which the peer needs to connect. */
    public static final StructLayout IBV_QP = MemoryLayout.structLayout(
            MemoryLayout.paddingLayout(52),               //   0 context .. srq, handle
            JAVA_INT.withName("qp_num"),                  //  52
            MemoryLayout.paddingLayout(160 - 56)          //  56 state, qp_type, mutex, cond, events_completed
    ).withName("ibv_qp");

    /** Every layout above by its C struct name, for the conformance test. */
    public static final Map<String, StructLayout> ALL = Map.ofEntries(
            Map.entry("ibv_device_attr", IBV_DEVICE_ATTR),
            Map.entry("ibv_port_attr", IBV_PORT_ATTR),
            Map.entry("ibv_qp_cap", IBV_QP_CAP),
            Map.entry("ibv_qp_init_attr", IBV_QP_INIT_ATTR),
            Map.entry("ibv_global_route", IBV_GLOBAL_ROUTE),
            Map.entry("ibv_ah_attr", IBV_AH_ATTR),
            Map.entry("ibv_qp_attr", IBV_QP_ATTR),
            Map.entry("ibv_sge", IBV_SGE),
            Map.entry("ibv_send_wr", IBV_SEND_WR),
            Map.entry("ibv_recv_wr", IBV_RECV_WR),
            Map.entry("ibv_wc", IBV_WC),
            Map.entry("ibv_mr", IBV_MR),
            Map.entry("ibv_qp", IBV_QP));

    /** Byte offset of a member given by a dotted path, e.g. {@code "rxmode.offloads"}. */
    public static long offset(StructLayout layout, String path) {
        return Layouts.offset(layout, path);
    }
}
