package io.trunkline.controlplane.replication;

import io.trunkline.store.FlowKey;
import io.trunkline.store.SessionEntry;
import io.trunkline.store.SessionState;
import io.trunkline.store.SessionTable;
import io.trunkline.store.SessionTableConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.ValueLayout;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplicationRecordTest {
    private final BatchBuffer buffer = new BatchBuffer(ReplicationContext.DEFAULT_MAX_BATCH_LENGTH);
    private final ReplicationBatch batch = new ReplicationBatch().wrap(buffer.segment());
    private final ReplicationRecord record = new ReplicationRecord();

    @AfterEach
    void close() {
        buffer.close();
    }

    @Test
    void aRecordIsNinetySixBytesAndThirteenFitAnAeronFrame() {
        assertEquals(96, ReplicationRecord.LENGTH);
        assertEquals(13, ReplicationBatch.capacity(1408));
        assertTrue(ReplicationBatch.length(13) <= 1408);
    }

    @Test
    void anUpsertInStoredFormIsAppliedFromItsBytesAndAnyOtherIsLeftToTheDecodingPath(@TempDir Path directory) {
        final FlowKey key = new FlowKey().ipv4(FlowKey.PROTOCOL_TCP, 0xC6120001, 40000, 0xC6130001, 80);
        final SessionEntry entry = new SessionEntry().backendId(2).state(SessionState.OPENING).originId(3).version(50);
        final long offset = ReplicationBatch.recordOffset(0);
        record.wrap(buffer.segment(), offset).reset(RecordType.SESSION_UPSERT, 3, 1, 50).putKey(key).putEntry(entry);
        try (SessionTable table = SessionTable.open(new SessionTableConfig(directory.resolve("sessions"), 1_000))) {
            assertEquals(ReplicationRecord.WON, record.applyAsStored(table));
            assertEquals(ReplicationRecord.LOST, record.applyAsStored(table), "a duplicate");
            assertTrue(table.get(key, new SessionEntry()));

            buffer.segment().set(ValueLayout.JAVA_BYTE, offset + ReplicationRecord.KEY_OFFSET + FlowKey.RESERVED_OFFSET, (byte) 1);
            assertEquals(ReplicationRecord.NOT_STORABLE, record.applyAsStored(table), "reserved key bytes not zero");
            record.putKey(key);
            buffer.segment().set(ValueLayout.JAVA_BYTE, offset + ReplicationRecord.ENTRY_OFFSET + SessionEntry.STATE_OFFSET, (byte) 9);
            assertEquals(ReplicationRecord.NOT_STORABLE, record.applyAsStored(table), "unknown state code");
            assertEquals(1, table.size());
        }
    }

    @Test
    void sessionRecordsRoundTrip() {
        final FlowKey key = new FlowKey().ipv6(FlowKey.PROTOCOL_TCP, 0x20010db800000000L, 7, 443, 0x20010db800000000L, 9, 8443);
        final SessionEntry entry = new SessionEntry().backendId(12).state(SessionState.ESTABLISHED)
            .createdMillis(1_000).lastSeenMillis(2_000).originId(3).version(0x1234_5678_9ABCL);
        record.wrap(buffer.segment(), ReplicationBatch.recordOffset(2))
            .reset(RecordType.SESSION_UPSERT, 3, 77, 0x1234_5678_9ABCL).putKey(key).putEntry(entry);

        final ReplicationRecord read = new ReplicationRecord().wrap(buffer.segment(), ReplicationBatch.recordOffset(2));
        assertEquals(ReplicationRecord.CURRENT_VERSION, read.version());
        assertEquals(RecordType.SESSION_UPSERT, read.type());
        assertEquals(3, read.originId());
        assertEquals(77, read.sequence());
        assertEquals(0x1234_5678_9ABCL, read.hlcVersion());
        assertEquals(key, read.readKey(new FlowKey()));
        assertEquals(entry, read.readEntry(new SessionEntry()));
    }

    @Test
    void controlRecordsRoundTrip() {
        record.wrap(buffer.segment(), ReplicationBatch.recordOffset(0))
            .reset(RecordType.HEARTBEAT, 1, 5, 9).heartbeat(4_000_000_000L, Readiness.SNAPSHOTTING);
        assertEquals(4_000_000_000L, record.lastDataSequence());
        assertEquals(Readiness.SNAPSHOTTING, record.readiness());

        record.reset(RecordType.SNAPSHOT_REQUEST, 1, 6, 9).snapshotRequest(42, 3);
        assertEquals(42, record.snapshotId());
        assertEquals(3, record.gapOrigin());

        record.reset(RecordType.SNAPSHOT_END, 1, 7, 9).snapshotEnd(42, 1_000_000, 65_535, -5, 123_456_789_012L, 2, 3);
        assertEquals(RecordType.SNAPSHOT_END, record.type());
        assertEquals(42, record.snapshotId());
        assertEquals(1_000_000, record.chunkCount());
        assertEquals(65_535, record.watermarkOrigin());
        assertEquals(-5, record.watermarkIncarnation());
        assertEquals(123_456_789_012L, record.watermarkSequence());
        assertEquals(2, record.endIndex());
        assertEquals(3, record.endCount());
    }

    @Test
    void resetZeroesTheBodyLeftByAPreviousRecord() {
        record.wrap(buffer.segment(), ReplicationBatch.recordOffset(0))
            .reset(RecordType.SNAPSHOT_END, 1, 1, 1).snapshotEnd(1, 2, 3, 4, 5, 6, 7);
        record.reset(RecordType.SESSION_REMOVE, 1, 2, 2);
        assertEquals(0, record.chunkCount());
        assertEquals(0, record.watermarkSequence());
    }

    @Test
    void batchHeaderRoundTripsAndChecksItsLength() {
        batch.reset(ReplicationBatch.KIND_CONTROL, 2, 3, 99, 1_000).recordCount(4).timestamp(555).keyId(7);
        assertEquals(ReplicationBatch.MAGIC, batch.magic());
        assertEquals(ReplicationBatch.KIND_CONTROL, batch.kind());
        assertEquals(2, batch.originId());
        assertEquals(3, batch.destinationId());
        assertEquals(99, batch.incarnation());
        assertEquals(1_000, batch.firstSequence());
        assertEquals(4, batch.recordCount());
        assertEquals(555, batch.timestamp());
        assertEquals(7, batch.keyId());
        assertTrue(batch.isWellFormed(ReplicationBatch.length(4)));
        assertFalse(batch.isWellFormed(ReplicationBatch.length(3)), "length disagrees with the record count");
        assertFalse(batch.isWellFormed(10), "shorter than a header and tag");
        buffer.segment().set(java.lang.foreign.ValueLayout.JAVA_BYTE, ReplicationBatch.VERSION_OFFSET, (byte) 2);
        assertFalse(batch.isWellFormed(ReplicationBatch.length(4)), "unknown wire version");
    }
}
