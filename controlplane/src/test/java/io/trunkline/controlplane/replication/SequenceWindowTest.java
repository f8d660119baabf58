package io.trunkline.controlplane.replication;

import org.junit.jupiter.api.Test;

import static io.trunkline.controlplane.replication.SequenceWindow.ACCEPTED;
import static io.trunkline.controlplane.replication.SequenceWindow.REPLAYED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SequenceWindowTest {
    private final SequenceWindow window = new SequenceWindow();

    @Test
    void acceptsInOrderBatchesWithoutAGap() {
        assertEquals(ACCEPTED, window.accept(7, 1, 13));
        assertEquals(ACCEPTED, window.accept(7, 14, 13));
        assertEquals(26, window.contiguous());
        assertFalse(window.hasGap());
    }

    @Test
    void batchesLongerThanTheWindowInOrderLeaveNoGap() {
        assertEquals(ACCEPTED, window.accept(7, 1, 680));
        assertEquals(ACCEPTED, window.accept(7, 681, 92));
        assertEquals(772, window.contiguous());
        assertFalse(window.hasGap(), "jumbo and loopback batches hold more records than the window is wide");
        assertEquals(ACCEPTED, window.accept(7, 1000, 92));
        assertTrue(window.hasGap(), "a hole is still one");
    }

    @Test
    void dropsADuplicateAndAnOverlap() {
        window.accept(7, 1, 10);
        assertEquals(REPLAYED, window.accept(7, 1, 10));
        assertEquals(REPLAYED, window.accept(7, 5, 10), "overlaps sequences already seen");
    }

    @Test
    void acceptsReorderingInsideTheWindowOnce() {
        window.accept(7, 1, 10);
        assertEquals(ACCEPTED, window.accept(7, 21, 10));
        assertEquals(10, window.contiguous());
        assertEquals(ACCEPTED, window.accept(7, 11, 10), "late batch inside the window");
        assertEquals(30, window.contiguous());
        assertEquals(REPLAYED, window.accept(7, 11, 10), "and only once");
        assertFalse(window.hasGap());
    }

    @Test
    void dropsABatchBelowTheWindow() {
        window.accept(7, 1, 10);
        window.accept(7, 11, 100);
        assertEquals(REPLAYED, window.accept(7, 1, 1));
        assertEquals(REPLAYED, window.accept(7, 110 - SequenceWindow.WIDTH, 1));
    }

    @Test
    void dropsAnOlderIncarnationAndRestartsOnANewerOne() {
        window.accept(7, 1, 10);
        assertEquals(REPLAYED, window.accept(6, 100, 1));
        assertEquals(ACCEPTED, window.accept(8, 1, 5));
        assertEquals(8, window.incarnation());
        assertEquals(5, window.contiguous());
        assertFalse(window.hasGap());
    }

    @Test
    void declaresAGapWhenAHoleLeavesTheWindow() {
        window.accept(7, 1, 10);
        window.accept(7, 21, 10);
        assertFalse(window.hasGap(), "11..20 may still come");
        window.accept(7, 31, SequenceWindow.WIDTH);
        assertTrue(window.hasGap());
        assertEquals(30, window.gapUpTo(), "11..20 left the window; 21..94 arrived");
        assertEquals(94, window.contiguous());
    }

    @Test
    void acceptsTheStartOfAnIncarnationReordered() {
        assertEquals(ACCEPTED, window.accept(7, 31, 10));
        assertFalse(window.hasGap());
        assertEquals(0, window.contiguous());
        assertEquals(ACCEPTED, window.accept(7, 1, 30));
        assertEquals(40, window.contiguous());
        assertFalse(window.hasGap());
    }

    @Test
    void declaresAGapWhenJoiningAnIncarnationAfterItsStart() {
        assertEquals(ACCEPTED, window.accept(7, 500, 10));
        assertTrue(window.hasGap());
        assertEquals(499, window.gapUpTo());
    }

    @Test
    void aSnapshotWatermarkCoveringTheGapClosesIt() {
        window.accept(7, 500, 10);
        window.cover(7, 400);
        assertTrue(window.hasGap(), "watermark below the hole");
        window.cover(7, 505);
        assertFalse(window.hasGap());
        assertEquals(509, window.contiguous());
    }

    @Test
    void aHeartbeatRevealsALostTail() {
        window.accept(7, 1, 10);
        window.noteSent(7, 10);
        assertFalse(window.hasGap());
        window.noteSent(7, 12);
        assertTrue(window.hasGap());
        assertEquals(12, window.gapUpTo());
    }

    @Test
    void aHeartbeatOfANewIncarnationBaselinesTheStream() {
        window.noteSent(9, 0);
        assertFalse(window.hasGap());
        assertEquals(ACCEPTED, window.accept(9, 1, 3));
        assertFalse(window.hasGap());
    }
}
