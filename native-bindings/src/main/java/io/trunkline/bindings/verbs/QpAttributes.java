package io.trunkline.bindings.verbs;

import static io.trunkline.bindings.verbs.VerbsConstants.IBV_QPS_INIT;
import static io.trunkline.bindings.verbs.VerbsConstants.IBV_QPS_RTR;
import static io.trunkline.bindings.verbs.VerbsConstants.IBV_QPS_RTS;
import static io.trunkline.bindings.verbs.VerbsConstants.IBV_QPT_RC;
import static io.trunkline.bindings.verbs.VerbsConstants.IBV_QP_ACCESS_FLAGS;
import static io.trunkline.bindings.verbs.VerbsConstants.IBV_QP_AV;
import static io.trunkline.bindings.verbs.VerbsConstants.IBV_QP_DEST_QPN;
import static io.trunkline.bindings.verbs.VerbsConstants.IBV_QP_MAX_DEST_RD_ATOMIC;
import static io.trunkline.bindings.verbs.VerbsConstants.IBV_QP_MAX_QP_RD_ATOMIC;
import static io.trunkline.bindings.verbs.VerbsConstants.IBV_QP_MIN_RNR_TIMER;
import static io.trunkline.bindings.verbs.VerbsConstants.IBV_QP_PATH_MTU;
import static io.trunkline.bindings.verbs.VerbsConstants.IBV_QP_PKEY_INDEX;
import static io.trunkline.bindings.verbs.VerbsConstants.IBV_QP_PORT;
import static io.trunkline.bindings.verbs.VerbsConstants.IBV_QP_RETRY_CNT;
import static io.trunkline.bindings.verbs.VerbsConstants.IBV_QP_RNR_RETRY;
import static io.trunkline.bindings.verbs.VerbsConstants.IBV_QP_RQ_PSN;
import static io.trunkline.bindings.verbs.VerbsConstants.IBV_QP_SQ_PSN;
import static io.trunkline.bindings.verbs.VerbsConstants.IBV_QP_STATE;
import static io.trunkline.bindings.verbs.VerbsConstants.IBV_QP_TIMEOUT;
import static io.trunkline.bindings.verbs.VerbsLayouts.IBV_QP_ATTR;
import static io.trunkline.bindings.verbs.VerbsLayouts.IBV_QP_INIT_ATTR;
import static io.trunkline.bindings.verbs.VerbsLayouts.offset;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemorySegment;

/**
 * Fills struct ibv_qp_init_attr for ibv_create_qp and struct ibv_qp_attr for each ibv_modify_qp
 * step of an RC connection, returning the attribute mask (IBV_QP_*) that step needs. Each filler
 * zeroes the struct first, so one segment serves every step.
 */
public final class QpAttributes {
    private QpAttributes() {
    }

    /** IP TTL / GRH hop limit of RoCE v2 and routed InfiniBand packets; 1 would stop them at the first router. */
    static final int HOP_LIMIT = 64;

    public static final int INIT_MASK = IBV_QP_STATE | IBV_QP_PKEY_INDEX | IBV_QP_PORT | IBV_QP_ACCESS_FLAGS;
    public static final int RTR_MASK = IBV_QP_STATE | IBV_QP_AV | IBV_QP_PATH_MTU | IBV_QP_DEST_QPN | IBV_QP_RQ_PSN
            | IBV_QP_MAX_DEST_RD_ATOMIC | IBV_QP_MIN_RNR_TIMER;
    public static final int RTS_MASK = IBV_QP_STATE | IBV_QP_TIMEOUT | IBV_QP_RETRY_CNT | IBV_QP_RNR_RETRY | IBV_QP_SQ_PSN
            | IBV_QP_MAX_QP_RD_ATOMIC;

    /** An RC QP on {@code sendCq}/{@code recvCq}, no SRQ, signalling only IBV_SEND_SIGNALED sends. */
    public static void rcInit(MemorySegment initAttr, MemorySegment sendCq, MemorySegment recvCq, QpCapabilities capabilities) {
        initAttr.asSlice(0, IBV_QP_INIT_ATTR.byteSize()).fill((byte) 0);
        initAttr.set(ADDRESS, offset(IBV_QP_INIT_ATTR, "send_cq"), sendCq);
        initAttr.set(ADDRESS, offset(IBV_QP_INIT_ATTR, "recv_cq"), recvCq);
        capabilities.write(initAttr, offset(IBV_QP_INIT_ATTR, "cap"));
        initAttr.set(JAVA_INT, offset(IBV_QP_INIT_ATTR, "qp_type"), IBV_QPT_RC);
        initAttr.set(JAVA_INT, offset(IBV_QP_INIT_ATTR, "sq_sig_all"), 0);
    }

    /** RESET to INIT: bind the QP to {@code port}, P_Key entry 0, with the remote {@code access} it grants (IBV_ACCESS_*). */
    public static int init(MemorySegment attr, int port, int access) {
        clear(attr);
        attr.set(JAVA_INT, offset(IBV_QP_ATTR, "qp_state"), IBV_QPS_INIT);
        attr.set(JAVA_SHORT, offset(IBV_QP_ATTR, "pkey_index"), (short) 0);
        attr.set(JAVA_BYTE, offset(IBV_QP_ATTR, "port_num"), (byte) port);
        attr.set(JAVA_INT, offset(IBV_QP_ATTR, "qp_access_flags"), access);
        return INIT_MASK;
    }

    /** INIT to RTR: the path to {@code remote} and the sequence number its first packet carries. */
    public static int readyToReceive(MemorySegment attr, RtrConfig config, QpEndpoint remote) {
        clear(attr);
        attr.set(JAVA_INT, offset(IBV_QP_ATTR, "qp_state"), IBV_QPS_RTR);
        attr.set(JAVA_INT, offset(IBV_QP_ATTR, "path_mtu"), config.pathMtu());
        attr.set(JAVA_INT, offset(IBV_QP_ATTR, "dest_qp_num"), remote.qpNum());
        attr.set(JAVA_INT, offset(IBV_QP_ATTR, "rq_psn"), remote.psn());
        attr.set(JAVA_BYTE, offset(IBV_QP_ATTR, "max_dest_rd_atomic"), (byte) config.maxDestRdAtomic());
        attr.set(JAVA_BYTE, offset(IBV_QP_ATTR, "min_rnr_timer"), (byte) config.minRnrTimer());
        attr.set(JAVA_BYTE, offset(IBV_QP_ATTR, "ah_attr.port_num"), (byte) config.port());
        // RoCE ignores dlid (the peer reports 0); routed InfiniBand with a GRH still needs it.
        attr.set(JAVA_SHORT, offset(IBV_QP_ATTR, "ah_attr.dlid"), (short) remote.lid());
        if (config.addressing() == Addressing.GID) {
            attr.set(JAVA_BYTE, offset(IBV_QP_ATTR, "ah_attr.is_global"), (byte) 1);
            remote.gid().write(attr, offset(IBV_QP_ATTR, "ah_attr.grh.dgid"));
            attr.set(JAVA_BYTE, offset(IBV_QP_ATTR, "ah_attr.grh.sgid_index"), (byte) config.sgidIndex());
            attr.set(JAVA_BYTE, offset(IBV_QP_ATTR, "ah_attr.grh.hop_limit"), (byte) HOP_LIMIT);
        }
        return RTR_MASK;
    }

    /** RTR to RTS: where this side's sequence numbers start, and how hard it retries. */
    public static int readyToSend(MemorySegment attr, RtsConfig config) {
        clear(attr);
        attr.set(JAVA_INT, offset(IBV_QP_ATTR, "qp_state"), IBV_QPS_RTS);
        attr.set(JAVA_INT, offset(IBV_QP_ATTR, "sq_psn"), config.psn());
        attr.set(JAVA_BYTE, offset(IBV_QP_ATTR, "timeout"), (byte) config.timeout());
        attr.set(JAVA_BYTE, offset(IBV_QP_ATTR, "retry_cnt"), (byte) config.retryCount());
        attr.set(JAVA_BYTE, offset(IBV_QP_ATTR, "rnr_retry"), (byte) config.rnrRetry());
        attr.set(JAVA_BYTE, offset(IBV_QP_ATTR, "max_rd_atomic"), (byte) config.maxRdAtomic());
        return RTS_MASK;
    }

    private static void clear(MemorySegment attr) {
        attr.asSlice(0, IBV_QP_ATTR.byteSize()).fill((byte) 0);
    }
}
