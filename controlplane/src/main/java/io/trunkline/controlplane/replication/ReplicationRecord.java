package io.trunkline.controlplane.replication;

import io.trunkline.store.FlowKey;
import io.trunkline.store.SessionEntry;
import io.trunkline.store.SessionState;
import io.trunkline.store.SessionTable;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Flyweight over one fixed-size replication record ({@link #LENGTH} bytes, little-endian) inside a batch.
 * <p>
 * Common header, then a body whose meaning depends on the type:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------+---------------+-------------------------------+
 *  |    Version    |     Type      |        Reserved (zero)        |  0
 *  +---------------+---------------+-------------------------------+
 *  |                       Origin Dispatcher Id                    |  4
 *  +---------------------------------------------------------------+
 *  |           Sequence (per origin: data or control stream)       |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                     HLC Version (64 bits)                     | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                         Body (72 bytes)                       | 24
 *  |                              ...                              |
 *  +---------------------------------------------------------------+
 *
 *  Body of SESSION_UPSERT, SESSION_REMOVE, CLIENT_LOCK, LOCK_RELEASE, SNAPSHOT_CHUNK:
 *  +---------------------------------------------------------------+
 *  |                  Flow Key (FlowKey.SIZE = 40)                 | 24
 *  +---------------------------------------------------------------+
 *  |  Session Entry (SessionEntry.SIZE = 32; zero in REMOVE and    | 64
 *  |  LOCK_RELEASE, whose version is the record's HLC version)     |
 *  +---------------------------------------------------------------+
 *
 *  Body of HEARTBEAT:
 *  +---------------------------------------------------------------+
 *  |         Last Data Sequence assigned by the origin             | 24
 *  |                                                               |
 *  +---------------+-----------------------------------------------+
 *  |   Readiness   |                                                 32
 *  +---------------+
 *
 *  Body of SNAPSHOT_REQUEST:
 *  +---------------------------------------------------------------+
 *  |                          Snapshot Id                          | 24
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |          Gap Origin (0 when joining, else the origin)         | 32
 *  +---------------------------------------------------------------+
 *
 *  Body of SNAPSHOT_END (one per origin the sender knows, plus its own):
 *  +---------------------------------------------------------------+
 *  |                          Snapshot Id                          | 24
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                  Chunk Count of the snapshot                  | 32
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                 Watermark Origin Incarnation                  | 40
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |   Watermark Sequence: every data record of that incarnation   | 48
 *  |   up to it is contained in the snapshot                       |
 *  +---------------------------------------------------------------+
 *  |                      Watermark Origin Id                      | 56
 *  +-------------------------------+-------------------------------+
 *  |           End Index           |           End Count           | 60
 *  +-------------------------------+-------------------------------+
 * </pre>
 */
public final class ReplicationRecord {
    /** Wire format version; a record of another version is rejected with its batch. */
    public static final byte CURRENT_VERSION = 1;
    /** {@link #applyAsStored}: the stored entry was as new or newer. */
    public static final int LOST = 0;
    /** {@link #applyAsStored}: the record's entry was stored. */
    public static final int WON = 1;
    /** {@link #applyAsStored}: the bytes are not in the table's stored form; nothing was done. */
    public static final int NOT_STORABLE = -1;

    public static final int VERSION_OFFSET = 0;
    public static final int TYPE_OFFSET = 1;
    public static final int RESERVED_OFFSET = 2;
    public static final int ORIGIN_OFFSET = 4;
    public static final int SEQUENCE_OFFSET = 8;
    public static final int HLC_OFFSET = 16;
    public static final int BODY_OFFSET = 24;

    public static final int KEY_OFFSET = BODY_OFFSET;
    public static final int ENTRY_OFFSET = KEY_OFFSET + FlowKey.SIZE;

    public static final int LAST_DATA_SEQUENCE_OFFSET = BODY_OFFSET;
    public static final int READINESS_OFFSET = BODY_OFFSET + 8;

    public static final int SNAPSHOT_ID_OFFSET = BODY_OFFSET;
    public static final int GAP_ORIGIN_OFFSET = BODY_OFFSET + 8;

    public static final int CHUNK_COUNT_OFFSET = BODY_OFFSET + 8;
    public static final int WATERMARK_INCARNATION_OFFSET = BODY_OFFSET + 16;
    public static final int WATERMARK_SEQUENCE_OFFSET = BODY_OFFSET + 24;
    public static final int WATERMARK_ORIGIN_OFFSET = BODY_OFFSET + 32;
    public static final int END_INDEX_OFFSET = BODY_OFFSET + 36;
    public static final int END_COUNT_OFFSET = BODY_OFFSET + 38;

    /** Every record has this length, whatever its type. */
    public static final int LENGTH = ENTRY_OFFSET + SessionEntry.SIZE;

    static final ValueLayout.OfLong LONG_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt INT_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfShort SHORT_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    static {
        if (END_COUNT_OFFSET + 2 > LENGTH || LENGTH % Long.BYTES != 0) {
            throw new ExceptionInInitializerError("SNAPSHOT_END body does not fit a record of " + LENGTH + " bytes");
        }
    }

    private MemorySegment segment;
    private long offset;

    /** Points this flyweight at the record starting at {@code offset}. @return this */
    public ReplicationRecord wrap(MemorySegment segment, long offset) {
        this.segment = segment;
        this.offset = offset;
        return this;
    }

    /** Zeroes the record and writes its common header. @return this */
    public ReplicationRecord reset(byte type, int originId, long sequence, long hlcVersion) {
        for (int i = 0; i < LENGTH; i += Long.BYTES) {
            segment.set(LONG_LE, offset + i, 0L);
        }
        segment.set(ValueLayout.JAVA_BYTE, offset + VERSION_OFFSET, CURRENT_VERSION);
        segment.set(ValueLayout.JAVA_BYTE, offset + TYPE_OFFSET, type);
        segment.set(INT_LE, offset + ORIGIN_OFFSET, originId);
        segment.set(LONG_LE, offset + SEQUENCE_OFFSET, sequence);
        segment.set(LONG_LE, offset + HLC_OFFSET, hlcVersion);
        return this;
    }

    public byte version() {
        return segment.get(ValueLayout.JAVA_BYTE, offset + VERSION_OFFSET);
    }

    public byte type() {
        return segment.get(ValueLayout.JAVA_BYTE, offset + TYPE_OFFSET);
    }

    public int originId() {
        return segment.get(INT_LE, offset + ORIGIN_OFFSET);
    }

    public long sequence() {
        return segment.get(LONG_LE, offset + SEQUENCE_OFFSET);
    }

    public long hlcVersion() {
        return segment.get(LONG_LE, offset + HLC_OFFSET);
    }

    /** Writes the flow key of a session record. @return this */
    public ReplicationRecord putKey(FlowKey key) {
        key.encode(segment, offset + KEY_OFFSET);
        return this;
    }

    /** Reads the flow key of a session record into {@code into}. */
    public FlowKey readKey(FlowKey into) {
        return into.decode(segment, offset + KEY_OFFSET);
    }

    /**
     * Applies the key and entry of an UPSERT, CLIENT_LOCK or SNAPSHOT_CHUNK to {@code table} by last-writer-wins
     * straight from this record's bytes ({@link SessionTable#applyEncodedIfNewer}), when they are in the table's
     * stored form: the key's reserved bytes zero and a known state code. Records in native memory only.
     *
     * @return {@link #NOT_STORABLE} when the bytes are not in stored form (decode them instead), else whether the
     *         entry won
     */
    public int applyAsStored(SessionTable table) {
        final long key = offset + KEY_OFFSET;
        final long entry = offset + ENTRY_OFFSET;
        if (segment.get(SHORT_LE, key + FlowKey.RESERVED_OFFSET) != 0 || !SessionState.isCode(entryState())) {
            return NOT_STORABLE;
        }
        return table.applyEncodedIfNewer(segment, key, entry) ? WON : LOST;
    }

    /** The state code of the entry of an UPSERT, CLIENT_LOCK or SNAPSHOT_CHUNK, read in place. */
    public byte entryState() {
        return segment.get(ValueLayout.JAVA_BYTE, offset + ENTRY_OFFSET + SessionEntry.STATE_OFFSET);
    }

    /** Writes the entry of an UPSERT, CLIENT_LOCK or SNAPSHOT_CHUNK. @return this */
    public ReplicationRecord putEntry(SessionEntry entry) {
        entry.encode(segment, offset + ENTRY_OFFSET);
        return this;
    }

    /** Reads the entry of an UPSERT, CLIENT_LOCK or SNAPSHOT_CHUNK into {@code into}. */
    public SessionEntry readEntry(SessionEntry into) {
        return into.decode(segment, offset + ENTRY_OFFSET);
    }

    /** Writes a heartbeat body. @return this */
    public ReplicationRecord heartbeat(long lastDataSequence, Readiness readiness) {
        segment.set(LONG_LE, offset + LAST_DATA_SEQUENCE_OFFSET, lastDataSequence);
        segment.set(ValueLayout.JAVA_BYTE, offset + READINESS_OFFSET, (byte) readiness.ordinal());
        return this;
    }

    public long lastDataSequence() {
        return segment.get(LONG_LE, offset + LAST_DATA_SEQUENCE_OFFSET);
    }

    /** @return the sender's readiness, or null for an unknown code */
    public Readiness readiness() {
        return Readiness.fromCode(segment.get(ValueLayout.JAVA_BYTE, offset + READINESS_OFFSET));
    }

    /** Writes a snapshot request body. @return this */
    public ReplicationRecord snapshotRequest(long snapshotId, int gapOrigin) {
        segment.set(LONG_LE, offset + SNAPSHOT_ID_OFFSET, snapshotId);
        segment.set(INT_LE, offset + GAP_ORIGIN_OFFSET, gapOrigin);
        return this;
    }

    public long snapshotId() {
        return segment.get(LONG_LE, offset + SNAPSHOT_ID_OFFSET);
    }

    public int gapOrigin() {
        return segment.get(INT_LE, offset + GAP_ORIGIN_OFFSET);
    }

    /** Writes a snapshot end body. @return this */
    public ReplicationRecord snapshotEnd(long snapshotId, long chunkCount, int watermarkOrigin, long watermarkIncarnation,
                                         long watermarkSequence, int endIndex, int endCount) {
        segment.set(LONG_LE, offset + SNAPSHOT_ID_OFFSET, snapshotId);
        segment.set(LONG_LE, offset + CHUNK_COUNT_OFFSET, chunkCount);
        segment.set(INT_LE, offset + WATERMARK_ORIGIN_OFFSET, watermarkOrigin);
        segment.set(LONG_LE, offset + WATERMARK_INCARNATION_OFFSET, watermarkIncarnation);
        segment.set(LONG_LE, offset + WATERMARK_SEQUENCE_OFFSET, watermarkSequence);
        segment.set(SHORT_LE, offset + END_INDEX_OFFSET, (short) endIndex);
        segment.set(SHORT_LE, offset + END_COUNT_OFFSET, (short) endCount);
        return this;
    }

    public long chunkCount() {
        return segment.get(LONG_LE, offset + CHUNK_COUNT_OFFSET);
    }

    public int watermarkOrigin() {
        return segment.get(INT_LE, offset + WATERMARK_ORIGIN_OFFSET);
    }

    public long watermarkIncarnation() {
        return segment.get(LONG_LE, offset + WATERMARK_INCARNATION_OFFSET);
    }

    public long watermarkSequence() {
        return segment.get(LONG_LE, offset + WATERMARK_SEQUENCE_OFFSET);
    }

    public int endIndex() {
        return Short.toUnsignedInt(segment.get(SHORT_LE, offset + END_INDEX_OFFSET));
    }

    public int endCount() {
        return Short.toUnsignedInt(segment.get(SHORT_LE, offset + END_COUNT_OFFSET));
    }
}
