package io.trunkline.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The memory target: 10 M IPv4 sessions in at most 2 GiB of table memory. */
class SessionTableCapacityTest {
    private static final long TEN_MILLION = 10_000_000;
    private static final long TWO_GIB = 2L << 30;

    @TempDir(factory = ShmTempDirFactory.class)
    Path directory;

    @Test
    void tenMillionSessionsFitInTwoGibEvenWhenEveryOverflowTierIsUsed() throws Exception {
        Path file = directory.resolve("ten-million.map");
        try (SessionTable table = SessionTable.open(new SessionTableConfig(file, TEN_MILLION))) {
            long created = table.offHeapMemoryBytes();
            long worst = table.maxOffHeapMemoryBytes();
            System.out.printf("10 M table: %,d bytes at creation (%.1f B/session, file %,d), at most %,d (%.1f B/session)%n",
                created, created / (double) TEN_MILLION, Files.size(file), worst, worst / (double) TEN_MILLION);

            assertTrue(worst <= TWO_GIB, () -> "worst-case footprint " + worst + " exceeds 2 GiB");
            assertTrue(created <= worst);
        }
    }

    @Test
    void aTableFilledToCapacityNeedsNoOverflowTier() {
        int capacity = 100_000;
        try (SessionTable table = SessionTable.open(new SessionTableConfig(directory.resolve("full.map"), capacity))) {
            long created = table.offHeapMemoryBytes();
            FlowKey key = new FlowKey();
            SessionEntry value = new SessionEntry().state(SessionState.ESTABLISHED);
            for (int i = 0; i < capacity; i++) {
                assertTrue(table.put(sessionKey(key, i), value.backendId(i)));
            }

            SessionEntry read = new SessionEntry();
            for (int i = 0; i < capacity; i += 997) {
                assertTrue(table.get(sessionKey(key, i), read));
                assertEquals(i, read.backendId());
            }
            assertEquals(capacity, table.size());
            assertEquals(created, table.offHeapMemoryBytes(), "an overflow tier was allocated below capacity");
            System.out.printf("100 k table filled: %,d bytes (%.1f B/session)%n", created, created / (double) capacity);
        }
    }

    // Clients 198.18.0.0/16 on every port, one VIP: the shape of a busy appliance's table.
    private static FlowKey sessionKey(FlowKey key, int i) {
        return key.ipv4(FlowKey.PROTOCOL_TCP, 0xC6120000 | (i >>> 16), i & 0xFFFF, 0xC6130001, 443);
    }
}
