package io.trunkline.fastpath.timer;

import java.util.concurrent.TimeUnit;

/**
 * A token bucket in nanoseconds of credit: one packet costs {@code 1 s / packetsPerSecond}, the bucket holds
 * {@code burst} packets' worth and starts full. What the fast path sends or passes on its own initiative (to the
 * kernel, ICMP answers) goes through one, so a flood cannot turn the fast path into an amplifier or drown the kernel.
 * Single-threaded (one worker's), allocation-free; time comes from the caller.
 */
public final class TokenBucket {
    private final long nanosPerPacket;
    private final long capacityNanos;
    private long credit;
    private long lastRefill;
    private boolean started;

    public TokenBucket(long packetsPerSecond, int burst) {
        if (packetsPerSecond < 1 || burst < 1) {
            throw new IllegalArgumentException("rate " + packetsPerSecond + "/s and burst " + burst + " must be at least 1");
        }
        this.nanosPerPacket = Math.max(1, TimeUnit.SECONDS.toNanos(1) / packetsPerSecond);
        this.capacityNanos = nanosPerPacket * burst;
    }

    /** Takes one packet's credit at {@code nowNanos}; false (nothing taken) when the bucket is empty. */
    public boolean take(long nowNanos) {
        if (!started) {
            credit = capacityNanos;
            started = true;
        } else {
            credit = Math.min(capacityNanos, credit + Math.max(0, nowNanos - lastRefill));
        }
        lastRefill = nowNanos;
        if (credit < nanosPerPacket) {
            return false;
        }
        credit -= nanosPerPacket;
        return true;
    }
}
