package io.trunkline.bindings.verbs;

import static io.trunkline.bindings.verbs.VerbsConstants.IBV_ACCESS_LOCAL_WRITE;
import static io.trunkline.bindings.verbs.VerbsConstants.IBV_ACCESS_REMOTE_WRITE;
import static io.trunkline.bindings.verbs.VerbsConstants.IBV_MTU_1024;
import static io.trunkline.bindings.verbs.VerbsConstants.IBV_MTU_4096;
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
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** ibv_qp_init_attr and each ibv_qp_attr step of an RC connection, read back through the C layouts. */
class QpAttributesTest {
    private static final Gid REMOTE_GID = new Gid(0xfe80_0000_0000_0000L, 0x0211_22ff_fe33_4455L);
    private static final QpEndpoint REMOTE = new QpEndpoint(0x1a2b, 0x00c0ffee, 7, IBV_MTU_1024, REMOTE_GID);

    @Test
    void masksAreThoseEachTransitionRequires() {
        // The required attributes of each RC transition, as ibv_modify_qp(3) lists them.
        assertEquals(IBV_QP_STATE | IBV_QP_PKEY_INDEX | IBV_QP_PORT | IBV_QP_ACCESS_FLAGS, QpAttributes.INIT_MASK);
        assertEquals(IBV_QP_STATE | IBV_QP_AV | IBV_QP_PATH_MTU | IBV_QP_DEST_QPN | IBV_QP_RQ_PSN | IBV_QP_MAX_DEST_RD_ATOMIC
                | IBV_QP_MIN_RNR_TIMER, QpAttributes.RTR_MASK);
        assertEquals(IBV_QP_STATE | IBV_QP_SQ_PSN | IBV_QP_TIMEOUT | IBV_QP_RETRY_CNT | IBV_QP_RNR_RETRY | IBV_QP_MAX_QP_RD_ATOMIC,
                QpAttributes.RTS_MASK);
    }

    @Test
    void initBindsThePortAndAccess() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = arena.allocate(IBV_QP_ATTR);
            int mask = QpAttributes.init(attr, 1, IBV_ACCESS_LOCAL_WRITE | IBV_ACCESS_REMOTE_WRITE);
            assertEquals(QpAttributes.INIT_MASK, mask);
            assertEquals(IBV_QPS_INIT, attr.get(JAVA_INT, offset(IBV_QP_ATTR, "qp_state")));
            assertEquals(0, attr.get(JAVA_SHORT, offset(IBV_QP_ATTR, "pkey_index")));
            assertEquals(1, attr.get(JAVA_BYTE, offset(IBV_QP_ATTR, "port_num")));
            assertEquals(3, attr.get(JAVA_INT, offset(IBV_QP_ATTR, "qp_access_flags")));
        }
    }

    @Test
    void readyToReceiveByLidLeavesTheGlobalRouteEmpty() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = arena.allocate(IBV_QP_ATTR);
            attr.fill((byte) 0x5a); // a reused segment: the filler must clear what the step does not set
            int mask = QpAttributes.readyToReceive(attr, new RtrConfig(2, IBV_MTU_1024, Addressing.LID, 0, 12, 1), REMOTE);
            assertEquals(QpAttributes.RTR_MASK, mask);
            assertCommonRtr(attr, 2);
            assertEquals(7, attr.get(JAVA_SHORT, offset(IBV_QP_ATTR, "ah_attr.dlid")));
            assertEquals(0, attr.get(JAVA_BYTE, offset(IBV_QP_ATTR, "ah_attr.is_global")));
            assertEquals(Gid.ZERO, Gid.read(attr, offset(IBV_QP_ATTR, "ah_attr.grh.dgid")));
            assertEquals(0, attr.get(JAVA_INT, offset(IBV_QP_ATTR, "sq_psn")));
        }
    }

    @Test
    void readyToReceiveByGidSetsTheGlobalRoute() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = arena.allocate(IBV_QP_ATTR);
            int mask = QpAttributes.readyToReceive(attr, new RtrConfig(1, IBV_MTU_1024, Addressing.GID, 3, 12, 1), REMOTE);
            assertEquals(QpAttributes.RTR_MASK, mask);
            assertCommonRtr(attr, 1);
            assertEquals(1, attr.get(JAVA_BYTE, offset(IBV_QP_ATTR, "ah_attr.is_global")));
            assertEquals(REMOTE_GID, Gid.read(attr, offset(IBV_QP_ATTR, "ah_attr.grh.dgid")));
            assertEquals((byte) 0xfe, attr.get(JAVA_BYTE, offset(IBV_QP_ATTR, "ah_attr.grh.dgid")), "dgid is in network order");
            assertEquals(3, attr.get(JAVA_BYTE, offset(IBV_QP_ATTR, "ah_attr.grh.sgid_index")));
            assertEquals(QpAttributes.HOP_LIMIT, attr.get(JAVA_BYTE, offset(IBV_QP_ATTR, "ah_attr.grh.hop_limit")));
        }
    }

    private static void assertCommonRtr(MemorySegment attr, int port) {
        assertEquals(IBV_QPS_RTR, attr.get(JAVA_INT, offset(IBV_QP_ATTR, "qp_state")));
        assertEquals(IBV_MTU_1024, attr.get(JAVA_INT, offset(IBV_QP_ATTR, "path_mtu")));
        assertEquals(0x1a2b, attr.get(JAVA_INT, offset(IBV_QP_ATTR, "dest_qp_num")));
        assertEquals(0x00c0ffee, attr.get(JAVA_INT, offset(IBV_QP_ATTR, "rq_psn")));
        assertEquals(1, attr.get(JAVA_BYTE, offset(IBV_QP_ATTR, "max_dest_rd_atomic")));
        assertEquals(12, attr.get(JAVA_BYTE, offset(IBV_QP_ATTR, "min_rnr_timer")));
        assertEquals(port, attr.get(JAVA_BYTE, offset(IBV_QP_ATTR, "ah_attr.port_num")));
    }

    @Test
    void readyToSendStartsAtOurPsn() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = arena.allocate(IBV_QP_ATTR);
            int mask = QpAttributes.readyToSend(attr, RtsConfig.of(0x123456));
            assertEquals(QpAttributes.RTS_MASK, mask);
            assertEquals(IBV_QPS_RTS, attr.get(JAVA_INT, offset(IBV_QP_ATTR, "qp_state")));
            assertEquals(0x123456, attr.get(JAVA_INT, offset(IBV_QP_ATTR, "sq_psn")));
            assertEquals(14, attr.get(JAVA_BYTE, offset(IBV_QP_ATTR, "timeout")));
            assertEquals(7, attr.get(JAVA_BYTE, offset(IBV_QP_ATTR, "retry_cnt")));
            assertEquals(7, attr.get(JAVA_BYTE, offset(IBV_QP_ATTR, "rnr_retry")));
            assertEquals(1, attr.get(JAVA_BYTE, offset(IBV_QP_ATTR, "max_rd_atomic")));
        }
    }

    @Test
    void rcInitNamesBothQueuesAndTheSizes() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = arena.allocate(IBV_QP_INIT_ATTR);
            MemorySegment sendCq = MemorySegment.ofAddress(0x1000);
            MemorySegment recvCq = MemorySegment.ofAddress(0x2000);
            QpCapabilities caps = new QpCapabilities(256, 512, 1, 2, 64);
            QpAttributes.rcInit(attr, sendCq, recvCq, caps);
            assertEquals(sendCq, attr.get(ADDRESS, offset(IBV_QP_INIT_ATTR, "send_cq")));
            assertEquals(recvCq, attr.get(ADDRESS, offset(IBV_QP_INIT_ATTR, "recv_cq")));
            assertEquals(MemorySegment.NULL, attr.get(ADDRESS, offset(IBV_QP_INIT_ATTR, "srq")));
            assertEquals(IBV_QPT_RC, attr.get(JAVA_INT, offset(IBV_QP_INIT_ATTR, "qp_type")));
            assertEquals(0, attr.get(JAVA_INT, offset(IBV_QP_INIT_ATTR, "sq_sig_all")));
            assertEquals(caps, QpCapabilities.read(attr, offset(IBV_QP_INIT_ATTR, "cap")));
            assertEquals(512, attr.get(JAVA_INT, offset(IBV_QP_INIT_ATTR, "cap.max_recv_wr")));
        }
    }

    @Test
    void rtrConfigTakesTheSmallerMtuAndTheLinkLayersAddressing() {
        PortAttributes roce = new PortAttributes(VerbsConstants.IBV_PORT_ACTIVE, IBV_MTU_4096, IBV_MTU_4096, 256, 1 << 30, 0,
                VerbsConstants.IBV_LINK_LAYER_ETHERNET);
        RtrConfig config = RtrConfig.of(1, roce, 1, REMOTE);
        assertEquals(IBV_MTU_1024, config.pathMtu());
        assertEquals(Addressing.GID, config.addressing());
        PortAttributes ib = new PortAttributes(VerbsConstants.IBV_PORT_ACTIVE, IBV_MTU_4096, IBV_MTU_4096, 128, 1 << 30, 3,
                VerbsConstants.IBV_LINK_LAYER_INFINIBAND);
        assertEquals(Addressing.LID, RtrConfig.of(1, ib, 0, REMOTE).addressing());
    }
}
