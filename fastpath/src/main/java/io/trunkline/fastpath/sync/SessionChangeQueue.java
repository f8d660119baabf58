package io.trunkline.fastpath.sync;

import io.trunkline.store.FlowKey;
import io.trunkline.store.SessionEntry;
import org.agrona.BitUtil;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The hand-off of session changes from one fast-path worker to the replicator.
 * <p>
 * <b>Single producer (the worker's thread), single consumer (the replicator's thread).</b> An Agrona
 * {@link OneToOneRingBuffer} over off-heap memory holds fixed-size change messages; the message
 * type is the {@link SessionChangeOp} code. The worker writes in place with zero allocation and never
 * blocks: when the queue is full the change is <b>dropped and counted</b> ({@link #droppedChanges()}).
 * The consequence of a drop: the peers never hear of that change. A session created here stays
 * unknown to them, so a packet of it that reaches a peer misses its table and takes the
 * deterministic consistent-hash fallback; a removal that is dropped leaves the peers' entry until its
 * idle timeout. Sequence numbers are assigned by the replicator after this queue, so a drop leaves no
 * gap in the replicated stream and triggers no snapshot.
 * <p>
 * Message body, after Agrona's 8-byte record header ({@link #MESSAGE_LENGTH} bytes, little-endian):
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                     Version (HLC, 64 bits)                    |  0
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                  Flow Key (FlowKey.SIZE = 40)                 |  8
 *  |                              ...                              |
 *  +---------------------------------------------------------------+
 *  |    Session Entry (SessionEntry.SIZE = 32, UPSERT and LOCK)    | 48
 *  |                              ...                              |
 *  +---------------------------------------------------------------+
 * </pre>
 */
public final class SessionChangeQueue implements AutoCloseable {
    public static final int VERSION_OFFSET = 0;
    public static final int KEY_OFFSET = VERSION_OFFSET + Long.BYTES;
    public static final int ENTRY_OFFSET = KEY_OFFSET + BitUtil.align(FlowKey.SIZE, Long.BYTES);
    public static final int MESSAGE_LENGTH = ENTRY_OFFSET + BitUtil.align(SessionEntry.SIZE, Long.BYTES);

    private static final ValueLayout.OfLong LONG_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Arena arena = Arena.ofShared();
    private final MemorySegment segment;
    private final RingBuffer ring;
    private final AtomicLong droppedChanges = new AtomicLong();

    private final FlowKey consumerKey = new FlowKey();
    private final SessionEntry consumerEntry = new SessionEntry();
    private final MessageHandler dispatcher = this::onMessage;
    private SessionChangeHandler consumerHandler;

    /**
     * @param capacityBytes ring capacity, a power of two; each change takes {@link #MESSAGE_LENGTH}
     *                      bytes plus an 8-byte header, so 1 MiB holds about 11,900 changes
     */
    public SessionChangeQueue(int capacityBytes) {
        if (!BitUtil.isPowerOfTwo(capacityBytes)) {
            throw new IllegalArgumentException("session change queue capacity must be a power of two, got " + capacityBytes);
        }
        final int length = capacityBytes + RingBufferDescriptor.TRAILER_LENGTH;
        segment = arena.allocate(length, BitUtil.CACHE_LINE_LENGTH);
        ring = new OneToOneRingBuffer(new UnsafeBuffer(segment.address(), length));
    }

    /** Producer: a session was created or changed. @return false if the queue was full and the change dropped */
    public boolean offerUpsert(FlowKey key, SessionEntry entry) {
        return offer(SessionChangeOp.UPSERT, key, entry.version(), entry);
    }

    /** Producer: a session was removed at {@code version}. @return false if dropped */
    public boolean offerRemove(FlowKey key, long version) {
        return offer(SessionChangeOp.REMOVE, key, version, null);
    }

    /** Producer: a client lock was taken; {@code lockEntry} names the locking dispatcher in its originId. @return false if dropped */
    public boolean offerLock(FlowKey key, SessionEntry lockEntry) {
        return offer(SessionChangeOp.LOCK, key, lockEntry.version(), lockEntry);
    }

    /** Producer: a client lock was released at {@code version} without a session. @return false if dropped */
    public boolean offerUnlock(FlowKey key, long version) {
        return offer(SessionChangeOp.UNLOCK, key, version, null);
    }

    private boolean offer(SessionChangeOp op, FlowKey key, long version, SessionEntry entry) {
        final int index = ring.tryClaim(op.code(), MESSAGE_LENGTH);
        if (index < 0) {
            droppedChanges.lazySet(droppedChanges.get() + 1);
            return false;
        }
        segment.set(LONG_LE, index + VERSION_OFFSET, version);
        key.encode(segment, index + KEY_OFFSET);
        if (entry != null) {
            entry.encode(segment, index + ENTRY_OFFSET);
        }
        ring.commit(index);
        return true;
    }

    /**
     * Consumer: hands up to {@code limit} changes to {@code handler} in the order they were offered.
     *
     * @return the number of changes handed over
     */
    public int drain(SessionChangeHandler handler, int limit) {
        consumerHandler = handler;
        try {
            return ring.read(dispatcher, limit);
        } finally {
            consumerHandler = null;
        }
    }

    private void onMessage(int typeId, MutableDirectBuffer buffer, int index, int length) {
        final SessionChangeOp op = SessionChangeOp.fromCode(typeId);
        consumerKey.decode(segment, index + KEY_OFFSET);
        if (op.carriesEntry()) {
            consumerEntry.decode(segment, index + ENTRY_OFFSET);
        }
        consumerHandler.onSessionChange(op, consumerKey, segment.get(LONG_LE, index + VERSION_OFFSET), consumerEntry);
    }

    /** Changes dropped because the queue was full, since creation; readable from any thread. */
    public long droppedChanges() {
        return droppedChanges.get();
    }

    /** Bytes of changes waiting, approximately; readable from any thread. */
    public int size() {
        return ring.size();
    }

    /** Frees the off-heap ring. Call only when both the worker and the replicator have stopped using it. */
    @Override
    public void close() {
        arena.close();
    }
}
