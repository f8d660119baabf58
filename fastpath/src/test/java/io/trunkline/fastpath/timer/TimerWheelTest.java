package io.trunkline.fastpath.timer;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimerWheelTest {
    private static final long MS = 1_000_000L;
    private static final long START = 5_000 * MS;

    /** Records expiries as payloads; never re-arms. */
    private static final class Recorder implements TimerWheel.ExpiryHandler {
        final List<Long> payloads = new ArrayList<>();
        final List<Long> firedAt = new ArrayList<>();

        @Override
        public long onExpiry(long timerId, long payload, long deadline, long now) {
            assertTrue(now >= deadline, "fired at " + now + " before its deadline " + deadline);
            payloads.add(payload);
            firedAt.add(now);
            return TimerWheel.NO_REARM;
        }
    }

    @Test
    void timersFireInDeadlineOrderNeverEarly() {
        TimerWheel wheel = new TimerWheel(MS, 64, 16, START);
        wheel.schedule(START + 30 * MS, 3);
        wheel.schedule(START + 10 * MS, 1);
        wheel.schedule(START + 20 * MS, 2);
        wheel.schedule(START + 10 * MS, 11);
        Recorder recorder = new Recorder();

        assertEquals(0, wheel.poll(START + 9 * MS, recorder, 100));
        assertEquals(2, wheel.poll(START + 10 * MS, recorder, 100));
        assertEquals(List.of(1L, 11L), recorder.payloads, "same tick: in the order scheduled");
        assertEquals(2, wheel.poll(START + 45 * MS, recorder, 100));
        assertEquals(List.of(1L, 11L, 2L, 3L), recorder.payloads);
        assertEquals(0, wheel.size());
    }

    @Test
    void deadlineBetweenTicksFiresOnTheNextTick() {
        TimerWheel wheel = new TimerWheel(10 * MS, 64, 4, START);
        wheel.schedule(START + 15 * MS, 1);
        Recorder recorder = new Recorder();

        assertEquals(0, wheel.poll(START + 19 * MS, recorder, 10));
        assertEquals(1, wheel.poll(START + 20 * MS, recorder, 10));
    }

    @Test
    void timerBeyondOneTurnOfTheWheelWaitsForItsTurn() {
        TimerWheel wheel = new TimerWheel(MS, 8, 4, START);
        wheel.schedule(START + 20 * MS, 7);
        Recorder recorder = new Recorder();

        for (long t = 0; t < 20; t++) {
            assertEquals(0, wheel.poll(START + t * MS, recorder, 10), "at " + t + " ms");
        }
        assertEquals(1, wheel.poll(START + 20 * MS, recorder, 10));
    }

    @Test
    void pastDeadlineFiresOnTheNextPoll() {
        TimerWheel wheel = new TimerWheel(MS, 8, 4, START);
        Recorder recorder = new Recorder();
        wheel.poll(START + 100 * MS, recorder, 10);
        wheel.schedule(START + 3 * MS, 1);

        assertEquals(1, wheel.poll(START + 101 * MS, recorder, 10));
    }

    @Test
    void pollExpiresAtMostTheLimitAndResumesNextTime() {
        TimerWheel wheel = new TimerWheel(MS, 16, 16, START);
        for (int i = 0; i < 5; i++) {
            wheel.schedule(START + 2 * MS, i);
        }
        Recorder recorder = new Recorder();

        assertEquals(2, wheel.poll(START + 2 * MS, recorder, 2));
        assertEquals(2, wheel.poll(START + 2 * MS, recorder, 2));
        assertEquals(1, wheel.poll(START + 2 * MS, recorder, 2));
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), recorder.payloads);
    }

    @Test
    void fullWheelRefusesAndFreedCapacityIsReused() {
        TimerWheel wheel = new TimerWheel(MS, 8, 3, START);
        long first = wheel.schedule(START + MS, 1);
        wheel.schedule(START + 2 * MS, 2);
        wheel.schedule(START + 3 * MS, 3);

        assertEquals(TimerWheel.NULL_TIMER, wheel.schedule(START + 4 * MS, 4));
        assertTrue(wheel.cancel(first));
        assertEquals(2, wheel.size());
        long reused = wheel.schedule(START + 4 * MS, 4);
        assertNotEquals(TimerWheel.NULL_TIMER, reused);
        assertEquals(3, wheel.capacity());

        Recorder recorder = new Recorder();
        wheel.poll(START + 10 * MS, recorder, 10);
        assertEquals(List.of(2L, 3L, 4L), recorder.payloads, "the cancelled timer never fires");
    }

    @Test
    void staleIdCancelsNothing() {
        TimerWheel wheel = new TimerWheel(MS, 8, 1, START);
        long old = wheel.schedule(START + MS, 1);
        wheel.poll(START + MS, new Recorder(), 10);
        long fresh = wheel.schedule(START + 5 * MS, 2);

        assertFalse(wheel.cancel(old), "the storage now belongs to another timer");
        assertEquals(START + 5 * MS, wheel.deadline(fresh));
        assertEquals(TimerWheel.NO_REARM, wheel.deadline(old));
    }

    /**
     * Lazy re-arming: the packet path only stores last-seen; on expiry the handler re-arms to
     * lastSeen + timeout when the flow was active, so an active flow is never expired and an idle one is
     * expired one timeout after its last packet (at most one tick late).
     */
    @Test
    void activeFlowIsRearmedLazilyAndExpiresOneTimeoutAfterItsLastPacket() {
        Timeouts timeouts = Timeouts.DEFAULT;
        long tick = 100 * MS;
        TimerWheel wheel = new TimerWheel(tick, 4096, 4, START);
        long[] lastSeen = {START};
        int[] state = {Timeouts.STATE_ESTABLISHED};
        List<Long> expiredAt = new ArrayList<>();
        int[] rearms = {0};
        TimerWheel.ExpiryHandler idle = (timerId, flow, deadline, now) -> {
            long due = timeouts.idleDeadline(6, state[(int) flow], lastSeen[(int) flow]);
            if (due > now) {
                rearms[0]++;
                return due;
            }
            expiredAt.add(now);
            return TimerWheel.NO_REARM;
        };
        long established = timeouts.timeoutNanos(6, Timeouts.STATE_ESTABLISHED);
        wheel.schedule(START + established, 0);

        long now = START;
        for (int second = 1; second <= 450; second++) {
            now = START + second * 1000 * MS;
            if (second <= 400) {
                lastSeen[0] = now;
            }
            wheel.poll(now, idle, 10);
        }
        assertTrue(expiredAt.isEmpty(), "active until 400 s, idle timeout 300 s");
        assertEquals(1, rearms[0], "one re-arm per timeout period, not one per packet");

        for (long t = now; t <= START + 701_000 * MS; t += tick) {
            wheel.poll(t, idle, 10);
        }
        assertEquals(1, expiredAt.size());
        long expectedDeadline = START + 400_000 * MS + established;
        assertTrue(expiredAt.getFirst() >= expectedDeadline && expiredAt.getFirst() <= expectedDeadline + tick,
            "expired at " + expiredAt.getFirst());
    }

    @Test
    void timeoutsPerProtocolAndState() {
        Timeouts timeouts = Timeouts.DEFAULT;
        assertEquals(10_000 * MS, timeouts.timeoutNanos(6, Timeouts.STATE_OPENING));
        assertEquals(300_000 * MS, timeouts.timeoutNanos(6, Timeouts.STATE_ESTABLISHED));
        assertEquals(2_000 * MS, timeouts.timeoutNanos(6, Timeouts.STATE_CLOSING));
        assertEquals(30_000 * MS, timeouts.timeoutNanos(17, Timeouts.STATE_ESTABLISHED));
        assertEquals(30_000 * MS, timeouts.timeoutNanos(17, Timeouts.STATE_OPENING));
        assertEquals(1_000 + 2_000 * MS, timeouts.idleDeadline(6, Timeouts.STATE_CLOSING, 1_000));
    }
}
