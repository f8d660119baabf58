package io.trunkline.controlplane.replication;

/**
 * Replay protection and gap detection for one sequenced stream of one origin (its data stream, or its
 * control stream to this dispatcher). Single-threaded: the replicator's.
 * <p>
 * Replay: an IPsec-style sliding window over the highest sequence accepted. A batch is accepted when
 * all its sequences are above the highest, or inside the last {@link #WIDTH} and not yet seen; a batch
 * below the window, a duplicate, or one from an older incarnation of the origin is a replay.
 * <p>
 * Gaps: the transports deliver in order, so a hole means records were lost (a peer's receiver joined
 * late, or the link dropped). A hole is declared a gap once it can no longer be filled, that is when it
 * slides out of the window, or at once when a new incarnation of the origin starts above sequence 1.
 * The gap stays until a snapshot covering it is applied ({@link #cover}).
 * <p>
 * A batch may hold more records than the window is wide (a jumbo-frame or loopback MTU: up to 680): a batch that
 * follows the contiguous sequences is held whole, so in-order batches of any length never look like a gap. Reordering
 * is then tolerated only within {@link #WIDTH} sequences, less than one such batch; both transports deliver in order.
 */
final class SequenceWindow {
    /** Sequences behind the highest that may still arrive late. */
    static final int WIDTH = 64;

    static final int ACCEPTED = 0;
    static final int REPLAYED = 1;

    private long incarnation = Long.MIN_VALUE;
    private long highest;
    private long held;
    private long contiguous;
    private long gapUpTo;

    /**
     * Checks the batch of sequences {@code first .. first + count - 1} of {@code incarnation} and, if
     * accepted, records it.
     *
     * @return {@link #ACCEPTED} or {@link #REPLAYED}
     */
    int accept(long incarnation, long first, int count) {
        if (incarnation < this.incarnation || count <= 0 || first <= 0) {
            return REPLAYED;
        }
        if (incarnation > this.incarnation) {
            startIncarnation(incarnation, first);
        }
        final long last = first + count - 1;
        if (last <= highest - WIDTH || !unseen(first, last)) {
            return REPLAYED;
        }
        if (last > highest) {
            final long shift = last - highest;
            held = shift >= WIDTH ? 0 : held << shift;
            highest = last;
        }
        for (long s = Math.max(first, highest - WIDTH + 1); s <= last; s++) {
            held |= 1L << (highest - s);
        }
        if (first <= contiguous + 1) {
            contiguous = Math.max(contiguous, last); // the whole batch, also the part too far behind for the bits
        }
        advance();
        return ACCEPTED;
    }

    private boolean unseen(long first, long last) {
        for (long s = Math.max(first, highest - WIDTH + 1); s <= Math.min(last, highest); s++) {
            if ((held & 1L << (highest - s)) != 0) {
                return false;
            }
        }
        return true;
    }

    private void advance() {
        if (highest - contiguous > WIDTH) {
            gapUpTo = Math.max(gapUpTo, highest - WIDTH);
            contiguous = highest - WIDTH;
        }
        while (contiguous < highest && (held & 1L << (highest - contiguous - 1)) != 0) {
            contiguous++;
        }
    }

    /**
     * The first batch of an incarnation starts at {@code first}. Sequences shortly before it may still
     * arrive reordered; a start further back than the window means they were lost (a receiver that
     * joined late): a gap at once.
     */
    private void startIncarnation(long incarnation, long first) {
        if (first - 1 > WIDTH) {
            restart(incarnation, first - 1);
            gapUpTo = first - 1;
        } else {
            restart(incarnation, first - 1);
            contiguous = 0;
            held = 0;
        }
    }

    private void restart(long incarnation, long highest) {
        this.incarnation = incarnation;
        this.highest = highest;
        this.contiguous = highest;
        this.held = -1L;
        this.gapUpTo = 0;
    }

    /**
     * A snapshot was applied that holds every record of {@code incarnation} up to {@code watermark}:
     * it closes a gap at or below it.
     */
    void cover(long incarnation, long watermark) {
        if (incarnation > this.incarnation) {
            restart(incarnation, watermark);
            return;
        }
        if (incarnation < this.incarnation) {
            return;
        }
        if (watermark >= gapUpTo) {
            gapUpTo = 0;
        }
        if (watermark > contiguous) {
            contiguous = Math.min(watermark, highest);
            if (watermark > highest) {
                restart(incarnation, watermark);
            }
            advance();
        }
    }

    /**
     * The origin says it has sent every record up to {@code lastSent} of {@code incarnation} (its heartbeat,
     * which follows its data on the same ordered link): any of them not received is a gap.
     */
    void noteSent(long incarnation, long lastSent) {
        if (incarnation > this.incarnation) {
            restart(incarnation, lastSent);
            gapUpTo = lastSent;
        } else if (incarnation == this.incarnation && lastSent > highest) {
            gapUpTo = Math.max(gapUpTo, lastSent);
        }
    }

    /** True while records of this stream are missing and no snapshot has covered them yet. */
    boolean hasGap() {
        return gapUpTo > 0;
    }

    /** The highest sequence a snapshot must cover to close the gap; 0 without a gap. */
    long gapUpTo() {
        return gapUpTo;
    }

    long incarnation() {
        return incarnation;
    }

    /** Every sequence up to this one is held (received or covered by a snapshot). */
    long contiguous() {
        return contiguous;
    }

    long highest() {
        return highest;
    }
}
