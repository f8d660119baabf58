package io.trunkline.controlplane.replication;

import org.agrona.concurrent.UnsafeBuffer;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * Off-heap memory for one batch, with the three views the layers need, made once:
 * a {@link MemorySegment} for the flyweights, a {@link ByteBuffer} for the digest, an
 * {@link UnsafeBuffer} for Aeron. Owned by one thread.
 */
public final class BatchBuffer implements AutoCloseable {
    private final Arena arena = Arena.ofShared();
    private final MemorySegment segment;
    private final ByteBuffer byteBuffer;
    private final UnsafeBuffer unsafeBuffer;

    public BatchBuffer(int capacity) {
        segment = arena.allocate(capacity, 64);
        byteBuffer = segment.asByteBuffer();
        unsafeBuffer = new UnsafeBuffer(segment.address(), capacity);
    }

    public MemorySegment segment() {
        return segment;
    }

    public ByteBuffer byteBuffer() {
        return byteBuffer;
    }

    public UnsafeBuffer unsafeBuffer() {
        return unsafeBuffer;
    }

    public int capacity() {
        return (int) segment.byteSize();
    }

    @Override
    public void close() {
        arena.close();
    }
}
