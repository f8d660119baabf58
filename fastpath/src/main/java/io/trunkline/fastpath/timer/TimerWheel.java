package io.trunkline.fastpath.timer;

import java.util.Arrays;

/**
 * Hashed timing wheel with a fixed capacity, for idle timeouts on a worker thread. Time is whatever the
 * injected clock gives, in nanoseconds; the wheel never reads a clock itself. All storage (deadline,
 * payload and links of every timer) is preallocated in arrays: scheduling, cancelling and expiring allocate
 * nothing, and a full wheel refuses a timer ({@link #NULL_TIMER}) instead of growing.
 * <p>
 * A deadline maps to tick {@code ceil((deadline - startTime) / tickNanos)} and to spoke
 * {@code tick & (ticksPerWheel - 1)}; each spoke is a doubly linked list, so cancel is O(1). {@link #poll}
 * walks the spokes of the ticks that have fully begun, in order, expiring the timers of those ticks and
 * skipping the ones a later turn of the wheel is due to expire. So a timer never fires before its deadline
 * and fires at most one tick (plus the poll interval) after it; timers of earlier ticks fire before timers
 * of later ticks, and timers of one tick fire in the order they were scheduled.
 * <p>
 * <b>Lazy re-arming.</b> An idle timeout would otherwise be cancelled and rescheduled on every packet of
 * the flow: two list splices touching up to four other timers' cache lines per packet. Instead the packet
 * path only stores the flow's last-seen time, and the {@link ExpiryHandler} decides on expiry: if the flow
 * was seen since, it returns the new deadline ({@code lastSeen + timeout}) and the timer is re-armed in
 * place, with the same id; otherwise the flow has been idle for its whole timeout and the timer ends. An
 * active flow costs one extra expiry per timeout period instead of work per packet.
 * <p>
 * Timer ids carry a generation, so cancelling an id whose timer has already fired (and whose storage a new
 * timer reuses) does nothing. Not thread-safe: one owner thread.
 */
public final class TimerWheel {
    /** Returned by {@link #schedule} when the wheel is full. */
    public static final long NULL_TIMER = -1;
    /** Returned by an {@link ExpiryHandler} to let the timer end. */
    public static final long NO_REARM = Long.MIN_VALUE;

    private static final int NONE = -1;

    /**
     * Receives expired timers. It may schedule new timers, but must not cancel any: the wheel is
     * walking a spoke's list while it runs.
     */
    @FunctionalInterface
    public interface ExpiryHandler {
        /**
         * @param timerId  the timer's id (unchanged if re-armed)
         * @param payload  what the timer was scheduled with
         * @param deadline the deadline that passed
         * @param now      the time {@link #poll} was called with
         * @return a new deadline to re-arm the same timer, or {@link #NO_REARM}; a re-armed deadline
         *         at or before {@code now} is pushed to the next tick
         */
        long onExpiry(long timerId, long payload, long deadline, long now);
    }

    private final long tickNanos;
    private final int spokeMask;
    private final long startTime;
    private final int[] spokeHead;
    private final int[] spokeTail;
    private final long[] deadlines;
    private final long[] payloads;
    private final int[] generations;
    private final int[] spokes;
    private final int[] next;
    private final int[] previous;
    private int freeHead;
    private int size;
    private long currentTick;

    /**
     * @param tickNanos     resolution; timers fire up to one tick late
     * @param ticksPerWheel spokes, a power of two; {@code tickNanos x ticksPerWheel} is best above the
     *                      longest timeout, so that no timer is passed over on a turn of the wheel
     * @param capacity      most timers pending at once
     * @param startTime     the clock's value at tick 0
     */
    public TimerWheel(long tickNanos, int ticksPerWheel, int capacity, long startTime) {
        if (tickNanos <= 0) {
            throw new IllegalArgumentException("tick " + tickNanos + " ns must be positive");
        }
        if (ticksPerWheel <= 0 || Integer.bitCount(ticksPerWheel) != 1) {
            throw new IllegalArgumentException("ticks per wheel " + ticksPerWheel + " is not a power of two");
        }
        if (capacity <= 0) {
            throw new IllegalArgumentException("timer capacity " + capacity + " must be positive");
        }
        this.tickNanos = tickNanos;
        this.spokeMask = ticksPerWheel - 1;
        this.startTime = startTime;
        this.spokeHead = new int[ticksPerWheel];
        this.spokeTail = new int[ticksPerWheel];
        Arrays.fill(spokeHead, NONE);
        Arrays.fill(spokeTail, NONE);
        this.deadlines = new long[capacity];
        this.payloads = new long[capacity];
        this.generations = new int[capacity];
        this.spokes = new int[capacity];
        Arrays.fill(spokes, NONE);
        this.next = new int[capacity];
        this.previous = new int[capacity];
        for (int i = 0; i < capacity; i++) {
            next[i] = i + 1 < capacity ? i + 1 : NONE;
        }
        this.freeHead = 0;
    }

    /**
     * Schedules a timer. A deadline already passed fires on the next tick.
     *
     * @return the timer id, or {@link #NULL_TIMER} when {@link #capacity()} timers are pending
     */
    public long schedule(long deadline, long payload) {
        int index = freeHead;
        if (index == NONE) {
            return NULL_TIMER;
        }
        freeHead = next[index];
        payloads[index] = payload;
        size++;
        link(index, deadline);
        return (long) generations[index] << 32 | index;
    }

    /** @return true if the timer was pending and is now cancelled */
    public boolean cancel(long timerId) {
        int index = indexOf(timerId);
        if (index == NONE) {
            return false;
        }
        unlink(index);
        release(index);
        return true;
    }

    /**
     * Expires due timers, at most {@code limit} per call (the rest stay due for the next call).
     *
     * @return timers expired, re-armed ones included
     */
    public int poll(long now, ExpiryHandler handler, int limit) {
        long nowTick = Math.floorDiv(now - startTime, tickNanos);
        int expired = 0;
        while (currentTick <= nowTick) {
            int spoke = (int) currentTick & spokeMask;
            int index = spokeHead[spoke];
            while (index != NONE) {
                int following = next[index];
                if (tickOf(deadlines[index]) <= currentTick) {
                    if (expired == limit) {
                        return expired;
                    }
                    expire(index, handler, now);
                    expired++;
                }
                index = following;
            }
            currentTick++;
        }
        return expired;
    }

    private void expire(int index, ExpiryHandler handler, long now) {
        unlink(index);
        long deadline = deadlines[index];
        long timerId = (long) generations[index] << 32 | index;
        long rearm = handler.onExpiry(timerId, payloads[index], deadline, now);
        if (rearm == NO_REARM) {
            release(index);
        } else {
            link(index, Math.max(rearm, startTime + (currentTick + 1) * tickNanos));
        }
    }

    /** The pending timer's deadline, or {@link #NO_REARM} if the id is not pending. */
    public long deadline(long timerId) {
        int index = indexOf(timerId);
        return index == NONE ? NO_REARM : deadlines[index];
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return deadlines.length;
    }

    private long tickOf(long deadline) {
        return Math.ceilDiv(deadline - startTime, tickNanos);
    }

    private int indexOf(long timerId) {
        int index = (int) timerId;
        if (timerId < 0 || index >= deadlines.length || generations[index] != (int) (timerId >>> 32)
            || spokes[index] == NONE) {
            return NONE;
        }
        return index;
    }

    private void link(int index, long deadline) {
        deadlines[index] = deadline;
        int spoke = (int) Math.max(tickOf(deadline), currentTick) & spokeMask;
        spokes[index] = spoke;
        int tail = spokeTail[spoke];
        previous[index] = tail;
        next[index] = NONE;
        if (tail == NONE) {
            spokeHead[spoke] = index;
        } else {
            next[tail] = index;
        }
        spokeTail[spoke] = index;
    }

    private void unlink(int index) {
        int spoke = spokes[index];
        int before = previous[index];
        int after = next[index];
        if (before == NONE) {
            spokeHead[spoke] = after;
        } else {
            next[before] = after;
        }
        if (after == NONE) {
            spokeTail[spoke] = before;
        } else {
            previous[after] = before;
        }
        spokes[index] = NONE;
    }

    private void release(int index) {
        generations[index]++;
        next[index] = freeHead;
        freeHead = index;
        size--;
    }
}
