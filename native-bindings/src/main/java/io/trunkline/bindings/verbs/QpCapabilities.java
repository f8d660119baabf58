package io.trunkline.bindings.verbs;

import static io.trunkline.bindings.verbs.VerbsLayouts.IBV_QP_CAP;
import static io.trunkline.bindings.verbs.VerbsLayouts.offset;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemorySegment;

/**
 * struct ibv_qp_cap: outstanding work requests and SGEs per queue, and the bytes a send may carry
 * inline (copied into the work queue entry, so its buffer is free again as soon as the post returns).
 */
public record QpCapabilities(int maxSendWr, int maxRecvWr, int maxSendSge, int maxRecvSge, int maxInlineData) {

    /** {@code sends} and {@code receives} outstanding, one SGE each, nothing inline. */
    public static QpCapabilities of(int sends, int receives) {
        return new QpCapabilities(sends, receives, 1, 1, 0);
    }

    /** Writes the struct ibv_qp_cap at {@code offset} of {@code segment}. */
    void write(MemorySegment segment, long offset) {
        segment.set(JAVA_INT, offset + offset(IBV_QP_CAP, "max_send_wr"), maxSendWr);
        segment.set(JAVA_INT, offset + offset(IBV_QP_CAP, "max_recv_wr"), maxRecvWr);
        segment.set(JAVA_INT, offset + offset(IBV_QP_CAP, "max_send_sge"), maxSendSge);
        segment.set(JAVA_INT, offset + offset(IBV_QP_CAP, "max_recv_sge"), maxRecvSge);
        segment.set(JAVA_INT, offset + offset(IBV_QP_CAP, "max_inline_data"), maxInlineData);
    }

    /** Reads the struct ibv_qp_cap at {@code offset} of {@code segment}. */
    static QpCapabilities read(MemorySegment segment, long offset) {
        return new QpCapabilities(
                segment.get(JAVA_INT, offset + offset(IBV_QP_CAP, "max_send_wr")),
                segment.get(JAVA_INT, offset + offset(IBV_QP_CAP, "max_recv_wr")),
                segment.get(JAVA_INT, offset + offset(IBV_QP_CAP, "max_send_sge")),
                segment.get(JAVA_INT, offset + offset(IBV_QP_CAP, "max_recv_sge")),
                segment.get(JAVA_INT, offset + offset(IBV_QP_CAP, "max_inline_data")));
    }
}
