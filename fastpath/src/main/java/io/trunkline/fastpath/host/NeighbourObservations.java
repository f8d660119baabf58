package io.trunkline.fastpath.host;

import java.nio.ByteBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * The {@link NeighbourObserver} of every worker: what ARP and neighbour discovery show (an address at a MAC
 * on a port) goes to the neighbour table through a many-to-one ring buffer, many producers (the workers),
 * one consumer (the neighbour table's thread, {@link #drain}). Written in place with no allocation; when the
 * ring is full the observation is lost, and the table's requests and retries cover it.
 * <pre>
 *   Observation record (32 bytes, native order):
 *   +-------------------------------+-------------------------------+
 *   |  worker port index (4)        |  IP version, 4 or 6 (4)       |  0
 *   +-------------------------------+-------------------------------+
 *   |  address, high 64 bits (0 for IPv4)                           |  8
 *   |  address, low 64 bits (IPv4 in the low 32)                    | 16
 *   +---------------------------------------------------------------+
 *   |  MAC in the low 48 bits                                       | 24
 *   +---------------------------------------------------------------+
 * </pre>
 */
public final class NeighbourObservations implements NeighbourObserver {
    static final int PORT = 0;
    static final int VERSION = 4;
    static final int ADDRESS = 8;
    static final int MAC = 24;
    static final int RECORD_LENGTH = 32;
    private static final int MESSAGE_TYPE = 1;

    private final ManyToOneRingBuffer ring;

    /** What the consumer is given for each observation. */
    @FunctionalInterface
    public interface Handler {
        void onObservation(int port, boolean ipv6, long high, long low, long mac);
    }

    /** @param slots observations the ring holds before new ones are lost */
    public NeighbourObservations(int slots) {
        int bytes = Integer.highestOneBit(Math.max(1, slots * (RECORD_LENGTH + 8)) - 1) << 1;
        this.ring = new ManyToOneRingBuffer(new UnsafeBuffer(ByteBuffer.allocateDirect(bytes + RingBufferDescriptor.TRAILER_LENGTH)));
    }

    @Override
    public void ipv4(int port, int address, long mac) {
        offer(port, 4, 0, Integer.toUnsignedLong(address), mac);
    }

    @Override
    public void ipv6(int port, long high, long low, long mac) {
        offer(port, 6, high, low, mac);
    }

    private void offer(int port, int version, long high, long low, long mac) {
        int index = ring.tryClaim(MESSAGE_TYPE, RECORD_LENGTH);
        if (index <= 0) {
            return;
        }
        MutableDirectBuffer buffer = ring.buffer();
        buffer.putInt(index + PORT, port);
        buffer.putInt(index + VERSION, version);
        buffer.putLong(index + ADDRESS, high);
        buffer.putLong(index + ADDRESS + 8, low);
        buffer.putLong(index + MAC, mac);
        ring.commit(index);
    }

    /** Hands up to {@code limit} observations to {@code handler}; single consumer. Returns how many. */
    public int drain(Handler handler, int limit) {
        return ring.read((type, buffer, index, length) -> handler.onObservation(buffer.getInt(index + PORT),
                buffer.getInt(index + VERSION) == 6, buffer.getLong(index + ADDRESS), buffer.getLong(index + ADDRESS + 8),
                buffer.getLong(index + MAC)), limit);
    }
}
