package io.trunkline.fastpath.sync;

import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HybridLogicalClockTest {
    private final CachedEpochClock wallClock = new CachedEpochClock();
    private final HybridLogicalClock clock = new HybridLogicalClock(wallClock);

    @Test
    void followsTheWallClockWhenItAdvances() {
        wallClock.update(1_000);
        assertEquals(HybridLogicalClock.timestamp(1_000, 0), clock.now());
        wallClock.update(1_005);
        final long next = clock.now();
        assertEquals(1_005, HybridLogicalClock.physicalMillis(next));
        assertEquals(0, HybridLogicalClock.logical(next));
    }

    @Test
    void countsLogicallyWithinOneMillisecond() {
        wallClock.update(2_000);
        clock.now();
        final long second = clock.now();
        final long third = clock.now();
        assertEquals(HybridLogicalClock.timestamp(2_000, 1), second);
        assertEquals(HybridLogicalClock.timestamp(2_000, 2), third);
    }

    @Test
    void neverGoesBackwardsWhenTheWallClockDoes() {
        wallClock.update(5_000);
        final long before = clock.now();
        wallClock.update(4_000);
        final long after = clock.now();
        assertTrue(after > before);
        assertEquals(5_000, HybridLogicalClock.physicalMillis(after));
    }

    @Test
    void ordersLocalEventsAfterAReceivedTimestampFromAClockAhead() {
        wallClock.update(1_000);
        clock.now();
        final long remote = HybridLogicalClock.timestamp(1_500, 7);
        final long merged = clock.update(remote);
        assertEquals(HybridLogicalClock.timestamp(1_500, 8), merged);
        assertTrue(clock.now() > merged);
    }

    @Test
    void ignoresAReceivedTimestampBehindTheWallClock() {
        wallClock.update(3_000);
        assertEquals(HybridLogicalClock.timestamp(3_000, 0), clock.update(HybridLogicalClock.timestamp(2_000, 9)));
    }

    @Test
    void carriesALogicalOverflowIntoTheMillisecond() {
        wallClock.update(10);
        long last = 0;
        for (int i = 0; i <= 0xFFFF + 1; i++) {
            last = clock.now();
        }
        assertEquals(11, HybridLogicalClock.physicalMillis(last));
        assertEquals(0, HybridLogicalClock.logical(last));
    }
}
