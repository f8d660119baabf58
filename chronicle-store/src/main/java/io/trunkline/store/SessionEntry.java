package io.trunkline.store;

import net.openhft.chronicle.bytes.Bytes;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static io.trunkline.store.FlowKey.INT_LE;
import static io.trunkline.store.FlowKey.LONG_LE;
import static io.trunkline.store.FlowKey.SHORT_LE;

/**
 * The value of a session: chosen backend, state, timestamps, the dispatcher that wrote it and its version.
 * <p>
 * Mutable and reusable (a reader passes one in to be filled); not thread-safe. Last-writer-wins orders
 * two entries by {@code (version, originId)}, both compared as unsigned numbers: see {@link #isNewer}.
 * <p>
 * Binary layout ({@link #SIZE} bytes, every field little-endian), the same in the session table and
 * in replication records:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |               Version (hybrid logical clock)                  |  0
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                  Created, epoch milliseconds                  |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                 Last Seen, epoch milliseconds                 | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                          Backend Id                           | 24
 *  +-------------------------------+---------------+---------------+
 *  |   Origin Id (dispatcher)      |  State Code   | Reserved (0)  | 28
 *  +-------------------------------+---------------+---------------+
 * </pre>
 */
public final class SessionEntry {
    /** Encoded size in bytes. */
    public static final int SIZE = 32;

    public static final int VERSION_OFFSET = 0;
    public static final int CREATED_OFFSET = 8;
    public static final int LAST_SEEN_OFFSET = 16;
    public static final int BACKEND_ID_OFFSET = 24;
    public static final int ORIGIN_ID_OFFSET = 28;
    public static final int STATE_OFFSET = 30;
    public static final int RESERVED_OFFSET = 31;

    /** Largest dispatcher id: origin ids are unsigned 16-bit. */
    public static final int MAX_ORIGIN_ID = 0xFFFF;

    private long version;
    private long createdMillis;
    private long lastSeenMillis;
    private int backendId;
    private short originId;
    private SessionState state = SessionState.OPENING;

    public long version() {
        return version;
    }

    /** @return this */
    public SessionEntry version(long version) {
        this.version = version;
        return this;
    }

    public long createdMillis() {
        return createdMillis;
    }

    /** @return this */
    public SessionEntry createdMillis(long createdMillis) {
        this.createdMillis = createdMillis;
        return this;
    }

    public long lastSeenMillis() {
        return lastSeenMillis;
    }

    /** @return this */
    public SessionEntry lastSeenMillis(long lastSeenMillis) {
        this.lastSeenMillis = lastSeenMillis;
        return this;
    }

    public int backendId() {
        return backendId;
    }

    /** @return this */
    public SessionEntry backendId(int backendId) {
        this.backendId = backendId;
        return this;
    }

    /** The dispatcher that wrote this version, 0..65535. */
    public int originId() {
        return originId & 0xFFFF;
    }

    /**
     * @return this
     * @throws IllegalArgumentException outside 0..65535 (dispatcher ids are validated by the config first)
     */
    public SessionEntry originId(int originId) {
        if (originId < 0 || originId > MAX_ORIGIN_ID) {
            throw new IllegalArgumentException("origin id " + originId + " outside 0.." + MAX_ORIGIN_ID);
        }
        this.originId = (short) originId;
        return this;
    }

    public SessionState state() {
        return state;
    }

    /** @return this */
    public SessionEntry state(SessionState state) {
        this.state = state;
        return this;
    }

    public boolean isTombstone() {
        return state == SessionState.REMOVED;
    }

    /** @return this */
    public SessionEntry copyFrom(SessionEntry other) {
        version = other.version;
        createdMillis = other.createdMillis;
        lastSeenMillis = other.lastSeenMillis;
        backendId = other.backendId;
        originId = other.originId;
        state = other.state;
        return this;
    }

    /**
     * The last-writer-wins order: true when {@code (version, originId)} is strictly greater than
     * {@code (storedVersion, storedOriginId)}, versions first, both unsigned. An equal pair is not newer,
     * so a duplicate record changes nothing.
     */
    public static boolean isNewer(long version, int originId, long storedVersion, int storedOriginId) {
        int byVersion = Long.compareUnsigned(version, storedVersion);
        return byVersion > 0 || byVersion == 0 && originId > storedOriginId;
    }

    /** Writes {@link #SIZE} bytes at {@code offset}. */
    public void encode(MemorySegment segment, long offset) {
        segment.set(LONG_LE, offset + VERSION_OFFSET, version);
        segment.set(LONG_LE, offset + CREATED_OFFSET, createdMillis);
        segment.set(LONG_LE, offset + LAST_SEEN_OFFSET, lastSeenMillis);
        segment.set(INT_LE, offset + BACKEND_ID_OFFSET, backendId);
        segment.set(SHORT_LE, offset + ORIGIN_ID_OFFSET, originId);
        segment.set(ValueLayout.JAVA_BYTE, offset + STATE_OFFSET, state.code());
        segment.set(ValueLayout.JAVA_BYTE, offset + RESERVED_OFFSET, (byte) 0);
    }

    /**
     * Reads {@link #SIZE} bytes at {@code offset} as written by {@link #encode}.
     *
     * @return this
     * @throws IllegalArgumentException if the state code is unknown
     */
    public SessionEntry decode(MemorySegment segment, long offset) {
        version = segment.get(LONG_LE, offset + VERSION_OFFSET);
        createdMillis = segment.get(LONG_LE, offset + CREATED_OFFSET);
        lastSeenMillis = segment.get(LONG_LE, offset + LAST_SEEN_OFFSET);
        backendId = segment.get(INT_LE, offset + BACKEND_ID_OFFSET);
        originId = segment.get(SHORT_LE, offset + ORIGIN_ID_OFFSET);
        state = SessionState.fromCode(segment.get(ValueLayout.JAVA_BYTE, offset + STATE_OFFSET));
        return this;
    }

    /** The layout of {@link #encode}: Chronicle Bytes are little-endian. */
    void writeTo(Bytes<?> out) {
        out.writeLong(version);
        out.writeLong(createdMillis);
        out.writeLong(lastSeenMillis);
        out.writeInt(backendId);
        out.writeShort(originId);
        out.writeByte(state.code());
        out.writeByte((byte) 0);
    }

    void readFrom(Bytes<?> in) {
        version = in.readLong();
        createdMillis = in.readLong();
        lastSeenMillis = in.readLong();
        backendId = in.readInt();
        originId = in.readShort();
        state = SessionState.fromCode(in.readByte());
        in.readByte();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SessionEntry e
            && version == e.version && createdMillis == e.createdMillis && lastSeenMillis == e.lastSeenMillis
            && backendId == e.backendId && originId == e.originId && state == e.state;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(version) * 31 + originId();
    }

    @Override
    public String toString() {
        return state + " backend=" + backendId + " origin=" + originId() + " version=" + Long.toUnsignedString(version)
            + " created=" + createdMillis + " lastSeen=" + lastSeenMillis;
    }
}
