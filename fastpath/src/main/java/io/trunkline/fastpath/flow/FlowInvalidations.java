package io.trunkline.fastpath.flow;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Invalidations for one worker's {@link FlowCache}: when a session is removed or changed anywhere
 * (timeout, FIN, a peer's update, a backend removed), producers post a message here and the worker
 * applies a bounded number per duty cycle.
 * <p>
 * <b>Contract:</b> any number of producer threads (control plane, replicator, sibling workers that saw a
 * FIN or a timeout); a single consumer, the worker that owns the cache.
 * <p>
 * A bounded ring of fixed 64-byte slots, off-heap, with a sequence number per slot (Vyukov's bounded
 * queue, single-consumer side): a producer claims a position with a CAS on the tail, fills the slot with
 * plain stores and publishes it by storing the slot's sequence with release; the consumer reads a slot
 * whose sequence says "published" (acquire), applies it and hands the slot back one lap ahead. Nothing is
 * allocated per message on either side. (Agrona's ring buffers would fit, but Agrona 2.x buffers need
 * {@code --add-exports java.base/jdk.internal.misc=ALL-UNNAMED}, which the product's JVM flags do not grant.)
 * <p>
 * If a producer finds the ring full it cannot drop the message (the worker would go on sending a moved
 * flow to its old backend), so it raises a flag instead, and the worker's next {@link #drain} empties the
 * whole cache in O(1) ({@link FlowCache#invalidateAll}); established flows then refill from the session table.
 * <pre>
 *  Slot, 64 bytes, native byte order
 *  +---------------------------------------------------------------+
 *  |          Sequence: position + 1 when published                |  0
 *  +-------------------------------+-------------------------------+
 *  |  Type: 1 FLOW, 2 BACKEND, 3 ALL |  Key Hash or Backend Id      |  8
 *  +-------------------------------+-------------------------------+
 *  |  Client Address high 64  |  Client Address low 64             | 16
 *  |  VIP Address high 64     |  VIP Address low 64                | 32
 *  +---------------------------------------------------------------+
 *  |  Key word (see FlowCache.keyWord)                             | 48
 *  +---------------------------------------------------------------+
 *  |  Reserved                                                     | 56
 *  +---------------------------------------------------------------+
 * </pre>
 */
public final class FlowInvalidations {
    static final int FLOW_TYPE = 1;
    static final int BACKEND_TYPE = 2;
    static final int ALL_TYPE = 3;

    static final int SLOT_LENGTH = 64;
    static final int SEQUENCE_OFFSET = 0;
    static final int TYPE_OFFSET = 8;
    static final int ARGUMENT_OFFSET = 12;
    static final int CLIENT_HI_OFFSET = 16;
    static final int CLIENT_LO_OFFSET = 24;
    static final int VIP_HI_OFFSET = 32;
    static final int VIP_LO_OFFSET = 40;
    static final int KEY_WORD_OFFSET = 48;

    /** The tail sits alone in its own 128 bytes ahead of the slots: producers CAS it, the consumer never reads it. */
    private static final int TAIL_OFFSET = 0;
    private static final int SLOTS_OFFSET = 128;

    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private final MemorySegment ring;
    private final int mask;
    private final AtomicBoolean overflowed = new AtomicBoolean();
    private long head;

    /** @param slots messages the ring holds, a power of two */
    public FlowInvalidations(int slots) {
        if (slots <= 0 || Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("invalidation ring size " + slots + " is not a power of two");
        }
        this.ring = Arena.ofAuto().allocate(SLOTS_OFFSET + (long) slots * SLOT_LENGTH, SLOT_LENGTH);
        this.mask = slots - 1;
        for (long position = 0; position < slots; position++) {
            LONG.setRelease(ring, slot(position) + SEQUENCE_OFFSET, position);
        }
    }

    /**
     * Producer: drop one flow from the worker's cache.
     *
     * @param hash the flow's {@link FlowCache#hash}
     * @return false if the ring was full; the worker then drops its whole cache instead
     */
    public boolean offerFlow(int hash, long clientHi, long clientLo, long vipHi, long vipLo, long keyWord) {
        long position = claim();
        if (position < 0) {
            return overflow();
        }
        long slot = slot(position);
        ring.set(ValueLayout.JAVA_INT, slot + TYPE_OFFSET, FLOW_TYPE);
        ring.set(ValueLayout.JAVA_INT, slot + ARGUMENT_OFFSET, hash);
        ring.set(ValueLayout.JAVA_LONG, slot + CLIENT_HI_OFFSET, clientHi);
        ring.set(ValueLayout.JAVA_LONG, slot + CLIENT_LO_OFFSET, clientLo);
        ring.set(ValueLayout.JAVA_LONG, slot + VIP_HI_OFFSET, vipHi);
        ring.set(ValueLayout.JAVA_LONG, slot + VIP_LO_OFFSET, vipLo);
        ring.set(ValueLayout.JAVA_LONG, slot + KEY_WORD_OFFSET, keyWord);
        LONG.setRelease(ring, slot + SEQUENCE_OFFSET, position + 1);
        return true;
    }

    /** Producer: drop every flow of a backend. @return false if the ring was full (see {@link #offerFlow}) */
    public boolean offerBackend(int backendId) {
        return offerId(BACKEND_TYPE, backendId);
    }

    /** Producer: drop every flow. @return false if the ring was full (see {@link #offerFlow}) */
    public boolean offerAll() {
        return offerId(ALL_TYPE, 0);
    }

    private boolean offerId(int type, int id) {
        long position = claim();
        if (position < 0) {
            return overflow();
        }
        long slot = slot(position);
        ring.set(ValueLayout.JAVA_INT, slot + TYPE_OFFSET, type);
        ring.set(ValueLayout.JAVA_INT, slot + ARGUMENT_OFFSET, id);
        LONG.setRelease(ring, slot + SEQUENCE_OFFSET, position + 1);
        return true;
    }

    /** @return the claimed position, or -1 when the ring is full */
    private long claim() {
        long position = (long) LONG.getVolatile(ring, (long) TAIL_OFFSET);
        while (true) {
            long sequence = (long) LONG.getAcquire(ring, slot(position) + SEQUENCE_OFFSET);
            if (sequence == position) {
                long witness = (long) LONG.compareAndExchange(ring, (long) TAIL_OFFSET, position, position + 1);
                if (witness == position) {
                    return position;
                }
                position = witness;
            } else if (sequence < position) {
                return -1;
            } else {
                position = (long) LONG.getVolatile(ring, (long) TAIL_OFFSET);
            }
        }
    }

    private boolean overflow() {
        overflowed.set(true);
        return false;
    }

    /**
     * Consumer (the worker, once per duty cycle): applies at most {@code limit} messages to {@code cache}.
     *
     * @return messages applied, plus one if an overflow emptied the cache
     */
    public int drain(FlowCache cache, int limit) {
        int work = 0;
        if (overflowed.get() && overflowed.getAndSet(false)) {
            cache.invalidateAll();
            work++;
        }
        while (work < limit) {
            long slot = slot(head);
            if ((long) LONG.getAcquire(ring, slot + SEQUENCE_OFFSET) != head + 1) {
                break;
            }
            apply(cache, slot);
            LONG.setRelease(ring, slot + SEQUENCE_OFFSET, head + mask + 1);
            head++;
            work++;
        }
        return work;
    }

    /** Messages waiting, for monitoring; exact only when producers are quiet. */
    public long backlog() {
        return (long) LONG.getVolatile(ring, (long) TAIL_OFFSET) - head;
    }

    private void apply(FlowCache cache, long slot) {
        int type = ring.get(ValueLayout.JAVA_INT, slot + TYPE_OFFSET);
        int argument = ring.get(ValueLayout.JAVA_INT, slot + ARGUMENT_OFFSET);
        switch (type) {
            case FLOW_TYPE -> cache.invalidate(argument,
                ring.get(ValueLayout.JAVA_LONG, slot + CLIENT_HI_OFFSET),
                ring.get(ValueLayout.JAVA_LONG, slot + CLIENT_LO_OFFSET),
                ring.get(ValueLayout.JAVA_LONG, slot + VIP_HI_OFFSET),
                ring.get(ValueLayout.JAVA_LONG, slot + VIP_LO_OFFSET),
                ring.get(ValueLayout.JAVA_LONG, slot + KEY_WORD_OFFSET));
            case BACKEND_TYPE -> cache.invalidateBackend(argument);
            case ALL_TYPE -> cache.invalidateAll();
            default -> throw new IllegalStateException("unknown flow invalidation type " + type);
        }
    }

    private long slot(long position) {
        return SLOTS_OFFSET + (position & mask) * SLOT_LENGTH;
    }
}
