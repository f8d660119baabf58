package io.trunkline.bindings.verbs;

import static io.trunkline.bindings.verbs.VerbsConstants.IBV_SEND_SIGNALED;
import static io.trunkline.bindings.verbs.VerbsConstants.IBV_WR_SEND;
import static io.trunkline.bindings.verbs.VerbsLayouts.IBV_RECV_WR;
import static io.trunkline.bindings.verbs.VerbsLayouts.IBV_SEND_WR;
import static io.trunkline.bindings.verbs.VerbsLayouts.IBV_SGE;
import static io.trunkline.bindings.verbs.VerbsLayouts.offset;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** Work requests built in preallocated memory read back through the C layouts, as the provider reads them. */
class WorkRequestsTest {

    @Test
    void sendRequestsCarryTheirFieldsAndOneSgeEach() {
        try (Arena arena = Arena.ofConfined()) {
            SendWorkRequests wrs = SendWorkRequests.allocate(arena, 4);
            wrs.set(0, 100, IBV_WR_SEND, 0, 0x1000, 1400, 0x11);
            wrs.set(1, 101, IBV_WR_SEND, IBV_SEND_SIGNALED, 0x2000, 60, 0x22);
            MemorySegment s = wrs.segment();

            for (int i = 0; i < 2; i++) {
                long wr = wrs.wrOffset(i);
                assertEquals(s.address() + wrs.sgeOffset(i), s.get(JAVA_LONG, wr + offset(IBV_SEND_WR, "sg_list")));
                assertEquals(1, s.get(JAVA_INT, wr + offset(IBV_SEND_WR, "num_sge")));
                assertEquals(IBV_WR_SEND, s.get(JAVA_INT, wr + offset(IBV_SEND_WR, "opcode")));
            }
            assertEquals(101, s.get(JAVA_LONG, wrs.wrOffset(1) + offset(IBV_SEND_WR, "wr_id")));
            assertEquals(0, s.get(JAVA_INT, wrs.wrOffset(0) + offset(IBV_SEND_WR, "send_flags")));
            assertEquals(IBV_SEND_SIGNALED, s.get(JAVA_INT, wrs.wrOffset(1) + offset(IBV_SEND_WR, "send_flags")));
            long sge = wrs.sgeOffset(1);
            assertEquals(0x2000, s.get(JAVA_LONG, sge + offset(IBV_SGE, "addr")));
            assertEquals(60, s.get(JAVA_INT, sge + offset(IBV_SGE, "length")));
            assertEquals(0x22, s.get(JAVA_INT, sge + offset(IBV_SGE, "lkey")));
        }
    }

    @Test
    void aPostChainsExactlyTheFirstCountRequests() {
        try (Arena arena = Arena.ofConfined()) {
            SendWorkRequests wrs = SendWorkRequests.allocate(arena, 4);
            MemorySegment s = wrs.segment();
            long next = offset(IBV_SEND_WR, "next");

            assertEquals(s.address(), wrs.chain(3));
            assertEquals(s.address() + wrs.wrOffset(1), s.get(JAVA_LONG, wrs.wrOffset(0) + next));
            assertEquals(s.address() + wrs.wrOffset(2), s.get(JAVA_LONG, wrs.wrOffset(1) + next));
            assertEquals(0, s.get(JAVA_LONG, wrs.wrOffset(2) + next));

            wrs.chain(1);
            assertEquals(0, s.get(JAVA_LONG, wrs.wrOffset(0) + next), "a shorter post ends the chain at its last request");
            assertThrows(IndexOutOfBoundsException.class, () -> wrs.chain(5));
            assertThrows(IndexOutOfBoundsException.class, () -> wrs.chain(0));
        }
    }

    @Test
    void theBadRequestSlotNamesTheFirstRequestNotPosted() {
        try (Arena arena = Arena.ofConfined()) {
            SendWorkRequests wrs = SendWorkRequests.allocate(arena, 8);
            wrs.chain(8);
            assertEquals(-1, wrs.failedIndex());
            // What the provider does on a full send queue: *bad_wr = the first request it did not take.
            MemorySegment.ofAddress(wrs.badRequestSlot()).reinterpret(8).set(JAVA_LONG, 0, wrs.segment().address() + wrs.wrOffset(5));
            assertEquals(5, wrs.failedIndex());
            wrs.chain(2);
            assertEquals(-1, wrs.failedIndex(), "each post starts with a clear bad_wr");
        }
    }

    @Test
    void receiveRequestsUseTheRecvLayout() {
        try (Arena arena = Arena.ofConfined()) {
            RecvWorkRequests wrs = RecvWorkRequests.allocate(arena, 2);
            wrs.set(1, 7, 0x4000, 2048, 0x33);
            MemorySegment s = wrs.segment();
            assertEquals(IBV_RECV_WR.byteSize(), wrs.wrOffset(1));
            assertEquals(7, s.get(JAVA_LONG, wrs.wrOffset(1) + offset(IBV_RECV_WR, "wr_id")));
            assertEquals(s.address() + wrs.sgeOffset(1), s.get(JAVA_LONG, wrs.wrOffset(1) + offset(IBV_RECV_WR, "sg_list")));
            assertEquals(1, s.get(JAVA_INT, wrs.wrOffset(1) + offset(IBV_RECV_WR, "num_sge")));
            assertEquals(0x4000, s.get(JAVA_LONG, wrs.sgeOffset(1) + offset(IBV_SGE, "addr")));
            assertEquals(2048, s.get(JAVA_INT, wrs.sgeOffset(1) + offset(IBV_SGE, "length")));
            assertEquals(0x33, s.get(JAVA_INT, wrs.sgeOffset(1) + offset(IBV_SGE, "lkey")));
            wrs.chain(2);
            assertEquals(s.address() + wrs.wrOffset(1), s.get(JAVA_LONG, wrs.wrOffset(0) + offset(IBV_RECV_WR, "next")));
            assertThrows(IndexOutOfBoundsException.class, () -> wrs.set(2, 0, 0, 0, 0));
        }
    }
}
