package io.trunkline.fastpath.capture;

import io.trunkline.bindings.dpdk.Mbuf;
import io.trunkline.bindings.dpdk.MbufArray;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * What a worker receives, copied for {@code trunkline capture} the way dpdk-pdump does it: the control
 * plane arms the tap for one port and a packet count, the worker copies each received frame of that port
 * into a one-to-one ring buffer (worker → control plane) until the count is reached, the control plane
 * writes the pcap. Disarmed it costs the worker one volatile read per burst.
 * <pre>
 *   record: | timestamp ns (8) | original length (4) | captured bytes ... |
 * </pre>
 */
public final class CaptureTap implements AutoCloseable {
    /** Bytes of a frame kept, like tcpdump's default snap length. */
    public static final int SNAP_LENGTH = 2048;
    public static final int TIMESTAMP_OFFSET = 0;
    public static final int LENGTH_OFFSET = 8;
    public static final int DATA_OFFSET = 12;
    private static final int MESSAGE_TYPE = 1;
    private static final int RING_BYTES = 4 << 20;

    private final Arena arena = Arena.ofShared();
    private final OneToOneRingBuffer ring;
    private final UnsafeBuffer frameView = new UnsafeBuffer(0, 0);
    private final Mbuf mbuf = new Mbuf();
    private volatile int armedPort = -1;
    private volatile int remaining;

    public CaptureTap() {
        MemorySegment memory = arena.allocate(RING_BYTES + RingBufferDescriptor.TRAILER_LENGTH, 64);
        ring = new OneToOneRingBuffer(new UnsafeBuffer(memory.address(), (int) memory.byteSize()));
    }

    /** Control plane: copy the next {@code count} frames received on port index {@code port}. */
    public void arm(int port, int count) {
        remaining = count;
        armedPort = port;
    }

    /** Control plane: stop copying. */
    public void disarm() {
        armedPort = -1;
        remaining = 0;
    }

    /** Worker, once per burst: whether frames of port index {@code port} are wanted. */
    public boolean wants(int port) {
        return armedPort == port && remaining > 0;
    }

    /** Worker: copies the first {@code received} frames of {@code burst}; a full ring drops the copy, never the packet. */
    public void copy(MbufArray burst, int received, long nowNanos) {
        int left = remaining;
        for (int i = 0; i < received && left > 0; i++) {
            mbuf.wrap(burst.get(i));
            int length = mbuf.dataLength();
            int captured = Math.min(length, SNAP_LENGTH);
            int index = ring.tryClaim(MESSAGE_TYPE, DATA_OFFSET + captured);
            if (index <= 0) {
                break;
            }
            var buffer = ring.buffer();
            buffer.putLong(index + TIMESTAMP_OFFSET, nowNanos);
            buffer.putInt(index + LENGTH_OFFSET, length);
            frameView.wrap(mbuf.dataAddress(), captured);
            buffer.putBytes(index + DATA_OFFSET, frameView, 0, captured);
            ring.commit(index);
            left--;
        }
        remaining = left;
    }

    /** Control plane: hands each copied frame to {@code sink}; returns how many. */
    public int drain(FrameSink sink, int limit) {
        return ring.read((type, buffer, index, length) -> {
            int captured = length - DATA_OFFSET;
            byte[] frame = new byte[captured];
            buffer.getBytes(index + DATA_OFFSET, frame);
            sink.frame(frame, buffer.getInt(index + LENGTH_OFFSET), buffer.getLong(index + TIMESTAMP_OFFSET));
        }, limit);
    }

    /** Receives captured frames. */
    @FunctionalInterface
    public interface FrameSink {
        void frame(byte[] captured, int originalLength, long timestampNanos);
    }

    @Override
    public void close() {
        arena.close();
    }
}
