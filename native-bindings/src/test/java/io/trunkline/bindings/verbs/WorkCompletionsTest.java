package io.trunkline.bindings.verbs;

import static io.trunkline.bindings.verbs.VerbsConstants.IBV_WC_RECV;
import static io.trunkline.bindings.verbs.VerbsConstants.IBV_WC_RETRY_EXC_ERR;
import static io.trunkline.bindings.verbs.VerbsConstants.IBV_WC_SEND;
import static io.trunkline.bindings.verbs.VerbsConstants.IBV_WC_SUCCESS;
import static io.trunkline.bindings.verbs.VerbsConstants.IBV_WC_WR_FLUSH_ERR;
import static io.trunkline.bindings.verbs.VerbsLayouts.IBV_WC;
import static io.trunkline.bindings.verbs.VerbsLayouts.offset;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** ibv_wc entries written as a provider writes them, decoded in place. */
class WorkCompletionsTest {

    @Test
    void decodesEachCompletionInPlace() {
        try (Arena arena = Arena.ofConfined()) {
            WorkCompletions wcs = WorkCompletions.allocate(arena, 4);
            MemorySegment s = wcs.segment();
            assertEquals(4 * IBV_WC.byteSize(), s.byteSize());
            write(s, 0, 41L, IBV_WC_SUCCESS, IBV_WC_SEND, 0, 0, 0x123);
            write(s, 3, 0x7fff_0000_0000_0001L, IBV_WC_SUCCESS, IBV_WC_RECV, 0, 1436, 0x124);

            assertEquals(41L, wcs.wrId(0));
            assertEquals(IBV_WC_SEND, wcs.opcode(0));
            assertFalse(wcs.isReceive(0));
            assertEquals(0x123, wcs.qpNum(0));

            assertEquals(0x7fff_0000_0000_0001L, wcs.wrId(3));
            assertEquals(IBV_WC_SUCCESS, wcs.status(3));
            assertTrue(wcs.isReceive(3));
            assertEquals(1436, wcs.byteLength(3));
            assertEquals(0x124, wcs.qpNum(3));
        }
    }

    @Test
    void errorCompletionsKeepTheirWrIdAndVendorCode() {
        try (Arena arena = Arena.ofConfined()) {
            WorkCompletions wcs = WorkCompletions.allocate(arena, 2);
            write(wcs.segment(), 1, 9L, IBV_WC_RETRY_EXC_ERR, 0, 0x81, 0, 0);
            assertEquals(9L, wcs.wrId(1));
            assertEquals(IBV_WC_RETRY_EXC_ERR, wcs.status(1));
            assertEquals(0x81, wcs.vendorError(1));
        }
    }

    @Test
    void statusesAreNamedByLibibverbs() {
        assertEquals("success", WorkCompletions.statusString(IBV_WC_SUCCESS));
        assertEquals("Work Request Flushed Error", WorkCompletions.statusString(IBV_WC_WR_FLUSH_ERR));
        assertEquals("transport retry counter exceeded", WorkCompletions.statusString(IBV_WC_RETRY_EXC_ERR));
        assertEquals("unknown", WorkCompletions.statusString(99));
    }

    private static void write(MemorySegment s, int index, long wrId, int status, int opcode, int vendorErr, int byteLen, int qpNum) {
        long at = index * IBV_WC.byteSize();
        s.set(JAVA_LONG, at + offset(IBV_WC, "wr_id"), wrId);
        s.set(JAVA_INT, at + offset(IBV_WC, "status"), status);
        s.set(JAVA_INT, at + offset(IBV_WC, "opcode"), opcode);
        s.set(JAVA_INT, at + offset(IBV_WC, "vendor_err"), vendorErr);
        s.set(JAVA_INT, at + offset(IBV_WC, "byte_len"), byteLen);
        s.set(JAVA_INT, at + offset(IBV_WC, "qp_num"), qpNum);
    }
}
