package io.trunkline.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionTableEncodedApplyTest {
    private static final int CLIENT = 0xC6120001;   // 198.18.0.1
    private static final int VIP = 0xC6130001;      // 198.19.0.1
    private static final long DOC_PREFIX = 0x20010db800000000L;
    private static final long KEY = 8;              // offsets inside a record-like buffer, as a replication record has them
    private static final long ENTRY = KEY + FlowKey.SIZE;

    @TempDir(factory = ShmTempDirFactory.class)
    Path directory;

    private static SessionEntry session(int backend, long version, int origin) {
        return new SessionEntry().backendId(backend).state(SessionState.ESTABLISHED)
            .createdMillis(100).lastSeenMillis(200).version(version).originId(origin);
    }

    @Test
    void encodedKeyAndEntryAreStoredAsTheObjectsWouldBeAndLastWriterWins() {
        try (Arena arena = Arena.ofConfined();
             SessionTable table = SessionTable.open(new SessionTableConfig(directory.resolve("sessions.map"), 1_000))) {
            MemorySegment record = arena.allocate(ENTRY + SessionEntry.SIZE, 8);
            FlowKey v4 = new FlowKey().ipv4(FlowKey.PROTOCOL_TCP, CLIENT, 40000, VIP, 80);
            FlowKey v6 = new FlowKey().ipv6(FlowKey.PROTOCOL_UDP, DOC_PREFIX, 1, 5353, DOC_PREFIX, 2, 53);
            SessionEntry read = new SessionEntry();

            assertTrue(apply(table, record, v4, session(3, 10, 1)), "absent: stored");
            assertTrue(table.get(v4, read), "found by the object path: same bytes, same hash");
            assertEquals(session(3, 10, 1), read);

            assertFalse(apply(table, record, v4, session(4, 9, 1)), "older version loses");
            assertFalse(apply(table, record, v4, session(4, 10, 1)), "same version and origin: a duplicate");
            assertTrue(apply(table, record, v4, session(5, 10, 2)), "same version, higher origin wins");
            assertTrue(table.get(v4, read));
            assertEquals(session(5, 10, 2), read);

            assertTrue(table.tombstoneIfNewer(v6, 20, 1));
            assertFalse(apply(table, record, v6, session(6, 19, 1)), "a remove beats an older upsert");
            assertTrue(apply(table, record, v6, session(6, 21, 1)), "a newer upsert beats the tombstone");
            assertTrue(table.get(v6, read));
            assertEquals(session(6, 21, 1), read);
            assertEquals(2, table.size());
        }
    }

    private static boolean apply(SessionTable table, MemorySegment record, FlowKey key, SessionEntry entry) {
        key.encode(record, KEY);
        entry.encode(record, ENTRY);
        return table.applyEncodedIfNewer(record, KEY, ENTRY);
    }
}
