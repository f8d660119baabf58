package io.trunkline.fastpath.sync;

import org.agrona.concurrent.EpochClock;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Hybrid logical clock (Kulkarni et al., 2014): the version stamped on every session change and
 * compared by last-writer-wins.
 * <p>
 * A timestamp is one 64-bit value, {@code physicalMillis << 16 | logical}: it orders like a number,
 * never runs behind the wall clock, and never goes backwards even when the wall clock does or when
 * a peer's clock runs ahead. The logical counter absorbs up to 65,535 events in one millisecond;
 * past that it carries into the millisecond, so the clock runs at most that far ahead of real time.
 * <p>
 * Lock-free and allocation-free: workers stamp new sessions with {@link #now()} and the replicator
 * merges remote versions with {@link #update(long)}, on different threads, through one CAS'd word.
 */
public final class HybridLogicalClock {
    /** Bits of the logical counter below the physical milliseconds. */
    public static final int LOGICAL_BITS = 16;
    private static final long LOGICAL_MASK = (1L << LOGICAL_BITS) - 1;

    private final EpochClock clock;
    private final AtomicLong last = new AtomicLong();

    /** @param clock wall-clock milliseconds; tests inject a {@code CachedEpochClock} */
    public HybridLogicalClock(EpochClock clock) {
        this.clock = clock;
    }

    /** A timestamp for a local event (a session change made here, a batch sent): greater than any returned or merged before. */
    public long now() {
        final long physical = clock.time() << LOGICAL_BITS;
        long previous;
        long next;
        do {
            previous = last.get();
            next = Math.max(physical, previous + 1);
        } while (!last.compareAndSet(previous, next));
        return next;
    }

    /** Merges a timestamp received from a peer, so the next local event orders after it; returns the merged timestamp. */
    public long update(long remote) {
        final long physical = clock.time() << LOGICAL_BITS;
        long previous;
        long next;
        do {
            previous = last.get();
            next = Math.max(physical, Math.max(previous, remote) + 1);
        } while (!last.compareAndSet(previous, next));
        return next;
    }

    /** The last timestamp returned or merged, without advancing the clock. */
    public long current() {
        return last.get();
    }

    /** Wall-clock milliseconds of a timestamp. */
    public static long physicalMillis(long timestamp) {
        return timestamp >>> LOGICAL_BITS;
    }

    /** Logical counter of a timestamp. */
    public static int logical(long timestamp) {
        return (int) (timestamp & LOGICAL_MASK);
    }

    /** The timestamp for {@code physicalMillis} and {@code logical}. */
    public static long timestamp(long physicalMillis, int logical) {
        return physicalMillis << LOGICAL_BITS | (logical & LOGICAL_MASK);
    }
}
