package io.trunkline.controlplane.replication;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static io.trunkline.controlplane.replication.ReplicationRecord.INT_LE;
import static io.trunkline.controlplane.replication.ReplicationRecord.LONG_LE;
import static io.trunkline.controlplane.replication.ReplicationRecord.SHORT_LE;

/**
 * Flyweight over one batch: the unit a transport sends and the unit the HMAC covers.
 * A header, {@code recordCount} records of {@link ReplicationRecord#LENGTH} bytes, then the tag:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                      Magic 0x54524C42 "TRLB"                  |  0
 *  +---------------+---------------+-------------------------------+
 *  |    Version    |     Kind      |            Key Id             |  4
 *  +---------------+---------------+-------------------------------+
 *  |                       Origin Dispatcher Id                    |  8
 *  +---------------------------------------------------------------+
 *  |          Destination Id (control batches; 0 for data)         | 12
 *  +-------------------------------+-------------------------------+
 *  |         Record Count          |         Record Length         | 16
 *  +-------------------------------+-------------------------------+
 *  |                        Reserved (zero)                        | 20
 *  +---------------------------------------------------------------+
 *  |     Origin Incarnation (HLC when its replicator started)      | 24
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |        First Sequence (data or control stream of origin)      | 32
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                   Timestamp (HLC at flush)                    | 40
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |              Records (Record Count x Record Length)           | 48
 *  |                              ...                              |
 *  +---------------------------------------------------------------+
 *  |            HMAC-SHA256 Tag over bytes 0 .. tag (32)           |
 *  |                              ...                              |
 *  +---------------------------------------------------------------+
 * </pre>
 * Data batches carry session changes to every peer alike, numbered by the origin's data sequence;
 * control batches carry heartbeats and snapshots to one peer, numbered by the origin's control
 * sequence for that destination. Record i has sequence {@code firstSequence + i}.
 */
public final class ReplicationBatch {
    public static final int MAGIC = 0x54524C42;
    public static final byte CURRENT_VERSION = 1;
    public static final byte KIND_DATA = 1;
    public static final byte KIND_CONTROL = 2;

    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 4;
    public static final int KIND_OFFSET = 5;
    public static final int KEY_ID_OFFSET = 6;
    public static final int ORIGIN_OFFSET = 8;
    public static final int DESTINATION_OFFSET = 12;
    public static final int RECORD_COUNT_OFFSET = 16;
    public static final int RECORD_LENGTH_OFFSET = 18;
    public static final int RESERVED_OFFSET = 20;
    public static final int INCARNATION_OFFSET = 24;
    public static final int FIRST_SEQUENCE_OFFSET = 32;
    public static final int TIMESTAMP_OFFSET = 40;
    public static final int HEADER_LENGTH = 48;
    public static final int TAG_LENGTH = 32;

    private MemorySegment segment;

    /** Batch length with {@code recordCount} records, header and tag included. */
    public static int length(int recordCount) {
        return HEADER_LENGTH + recordCount * ReplicationRecord.LENGTH + TAG_LENGTH;
    }

    /** How many records fit a batch of at most {@code maxLength} bytes. */
    public static int capacity(int maxLength) {
        return (maxLength - HEADER_LENGTH - TAG_LENGTH) / ReplicationRecord.LENGTH;
    }

    /** Offset of record {@code index} in the batch. */
    public static long recordOffset(int index) {
        return HEADER_LENGTH + (long) index * ReplicationRecord.LENGTH;
    }

    /** Points this flyweight at a batch starting at offset 0 of {@code segment}. @return this */
    public ReplicationBatch wrap(MemorySegment segment) {
        this.segment = segment;
        return this;
    }

    /** Writes a header with no records yet. @return this */
    public ReplicationBatch reset(byte kind, int originId, int destinationId, long incarnation, long firstSequence) {
        segment.set(INT_LE, MAGIC_OFFSET, MAGIC);
        segment.set(ValueLayout.JAVA_BYTE, VERSION_OFFSET, CURRENT_VERSION);
        segment.set(ValueLayout.JAVA_BYTE, KIND_OFFSET, kind);
        segment.set(SHORT_LE, KEY_ID_OFFSET, (short) 0);
        segment.set(INT_LE, ORIGIN_OFFSET, originId);
        segment.set(INT_LE, DESTINATION_OFFSET, destinationId);
        segment.set(SHORT_LE, RECORD_COUNT_OFFSET, (short) 0);
        segment.set(SHORT_LE, RECORD_LENGTH_OFFSET, (short) ReplicationRecord.LENGTH);
        segment.set(INT_LE, RESERVED_OFFSET, 0);
        segment.set(LONG_LE, INCARNATION_OFFSET, incarnation);
        segment.set(LONG_LE, FIRST_SEQUENCE_OFFSET, firstSequence);
        segment.set(LONG_LE, TIMESTAMP_OFFSET, 0L);
        return this;
    }

    public int magic() {
        return segment.get(INT_LE, MAGIC_OFFSET);
    }

    public byte version() {
        return segment.get(ValueLayout.JAVA_BYTE, VERSION_OFFSET);
    }

    public byte kind() {
        return segment.get(ValueLayout.JAVA_BYTE, KIND_OFFSET);
    }

    public int keyId() {
        return Short.toUnsignedInt(segment.get(SHORT_LE, KEY_ID_OFFSET));
    }

    /** @return this */
    public ReplicationBatch keyId(int keyId) {
        segment.set(SHORT_LE, KEY_ID_OFFSET, (short) keyId);
        return this;
    }

    public int originId() {
        return segment.get(INT_LE, ORIGIN_OFFSET);
    }

    public int destinationId() {
        return segment.get(INT_LE, DESTINATION_OFFSET);
    }

    public int recordCount() {
        return Short.toUnsignedInt(segment.get(SHORT_LE, RECORD_COUNT_OFFSET));
    }

    /** @return this */
    public ReplicationBatch recordCount(int count) {
        segment.set(SHORT_LE, RECORD_COUNT_OFFSET, (short) count);
        return this;
    }

    public int recordLength() {
        return Short.toUnsignedInt(segment.get(SHORT_LE, RECORD_LENGTH_OFFSET));
    }

    public long incarnation() {
        return segment.get(LONG_LE, INCARNATION_OFFSET);
    }

    public long firstSequence() {
        return segment.get(LONG_LE, FIRST_SEQUENCE_OFFSET);
    }

    public long timestamp() {
        return segment.get(LONG_LE, TIMESTAMP_OFFSET);
    }

    /** @return this */
    public ReplicationBatch timestamp(long hlc) {
        segment.set(LONG_LE, TIMESTAMP_OFFSET, hlc);
        return this;
    }

    /** The batch's length as its header says; compare with the received length before trusting it. */
    public int declaredLength() {
        return length(recordCount());
    }

    /**
     * True when the header is well formed for a batch of {@code receivedLength} bytes: magic, version,
     * kind, record length, and a length that matches the record count.
     */
    public boolean isWellFormed(int receivedLength) {
        if (receivedLength < HEADER_LENGTH + TAG_LENGTH) {
            return false;
        }
        final byte kind = kind();
        return magic() == MAGIC
            && version() == CURRENT_VERSION
            && (kind == KIND_DATA || kind == KIND_CONTROL)
            && recordLength() == ReplicationRecord.LENGTH
            && declaredLength() == receivedLength;
    }
}
