package io.trunkline.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class SessionTableTest {
    private static final int CLIENT = 0xC6120001;   // 198.18.0.1
    private static final int VIP = 0xC6130001;      // 198.19.0.1
    private static final long DOC_PREFIX = 0x20010db800000000L;

    @TempDir(factory = ShmTempDirFactory.class)
    Path directory;

    private final long[] clock = {1_000};
    private final List<SessionTable> opened = new ArrayList<>();
    private final FlowKey key = new FlowKey();
    private final SessionEntry read = new SessionEntry();

    @AfterEach
    void closeTables() {
        opened.forEach(SessionTable::close);
    }

    private SessionTable open(long capacity) {
        return open(new SessionTableConfig(directory.resolve("sessions.map"), capacity));
    }

    private SessionTable open(SessionTableConfig config) {
        SessionTable table = SessionTable.open(config, () -> clock[0]);
        opened.add(table);
        return table;
    }

    private static SessionEntry session(int backend, long version, int origin) {
        return new SessionEntry().backendId(backend).state(SessionState.ESTABLISHED)
            .createdMillis(100).lastSeenMillis(200).version(version).originId(origin);
    }

    @Test
    void putGetRemoveIpv4AndIpv6() {
        SessionTable table = open(1_000);
        FlowKey v4 = new FlowKey().ipv4(6, CLIENT, 40000, VIP, 80);
        FlowKey v6 = new FlowKey().ipv6(17, DOC_PREFIX, 1, 5353, DOC_PREFIX, 2, 53);

        assertTrue(table.put(v4, session(3, 1, 1)));
        assertTrue(table.put(v6, session(4, 1, 1)));

        assertTrue(table.get(v4, read));
        assertEquals(session(3, 1, 1), read);
        assertTrue(table.get(v6, read));
        assertEquals(session(4, 1, 1), read);
        assertFalse(table.get(key.ipv4(6, CLIENT, 40001, VIP, 80), read));
        assertEquals(2, table.size());

        assertTrue(table.remove(v4));
        assertFalse(table.remove(v4));
        assertFalse(table.get(v4, read));
        assertTrue(table.get(v6, read));
        assertEquals(1, table.size());
    }

    @Test
    void putOverwritesWhateverIsStored() {
        SessionTable table = open(1_000);
        key.ipv4(6, CLIENT, 1, VIP, 80);
        table.put(key, session(1, 50, 9));

        table.put(key, session(2, 1, 1));

        assertTrue(table.get(key, read));
        assertEquals(2, read.backendId());
    }

    @Test
    void getOrOpenStoresTheOpenersSessionOnlyWhenNoLiveOneIsStored() {
        SessionTable table = open(1_000);
        key.ipv4(6, CLIENT, 1, VIP, 80);
        int[] calls = {0};
        SessionOpener opener = (flow, fresh) -> {
            calls[0]++;
            fresh.copyFrom(session(5, 10, 2));
            return true;
        };

        assertEquals(SessionTable.OPENED, table.getOrOpen(key, read, opener));
        assertEquals(5, read.backendId());
        assertEquals(SessionTable.FOUND, table.getOrOpen(key, read.backendId(0), opener));
        assertEquals(5, read.backendId());
        assertEquals(1, calls[0]);
        assertTrue(table.get(key, read));
        assertEquals(10, read.version());

        assertTrue(table.tombstoneIfNewer(key, 20, 1));
        assertEquals(SessionTable.OPENED, table.getOrOpen(key, read, opener));
        assertEquals(2, calls[0]);
        assertTrue(table.get(key, read), "a new session replaces a tombstone, as put does");
    }

    @Test
    void getOrOpenStoresNothingWhenTheOpenerDeclines() {
        SessionTable table = open(1_000);
        key.ipv4(6, CLIENT, 1, VIP, 80);

        assertEquals(SessionTable.DECLINED, table.getOrOpen(key, read, (flow, fresh) -> false));
        assertFalse(table.get(key, read));
        assertEquals(0, table.size());
    }

    @Test
    void entriesSurviveCloseAndReopen() {
        SessionTable table = open(1_000);
        for (int port = 0; port < 100; port++) {
            table.put(key.ipv4(6, CLIENT, port, VIP, 80), session(port, port, 1));
        }
        table.close();
        opened.remove(table);

        SessionTable reopened = open(1_000);

        assertEquals(100, reopened.size());
        assertTrue(reopened.get(key.ipv4(6, CLIENT, 42, VIP, 80), read));
        assertEquals(session(42, 42, 1), read);
    }

    @Test
    void recoveryOpensAnExistingTableWithItsEntries() {
        Path file = directory.resolve("sessions.map");
        SessionTable table = open(1_000);
        table.put(key.ipv4(6, CLIENT, 1, VIP, 80), session(7, 1, 1));
        table.close();
        opened.remove(table);

        SessionTable recovered = open(new SessionTableConfig(file, 1_000, 1.0, true));

        assertTrue(recovered.get(key, read));
        assertEquals(7, read.backendId());
    }

    @Test
    void recoveryCreatesAMissingTable() {
        SessionTable table = open(new SessionTableConfig(directory.resolve("fresh.map"), 1_000, 1.0, true));

        assertEquals(0, table.size());
        assertTrue(table.put(key.ipv4(6, CLIENT, 1, VIP, 80), session(7, 1, 1)));
    }

    @Test
    void newerVersionWinsOlderIsIgnored() {
        SessionTable table = open(1_000);
        key.ipv4(6, CLIENT, 1, VIP, 80);

        assertTrue(table.applyIfNewer(key, session(1, 10, 1)));
        assertFalse(table.applyIfNewer(key, session(2, 9, 7)));
        assertTrue(table.applyIfNewer(key, session(3, 11, 0)));

        assertTrue(table.get(key, read));
        assertEquals(3, read.backendId());
    }

    @Test
    void equalVersionsAreOrderedByOrigin() {
        SessionTable table = open(1_000);
        key.ipv4(6, CLIENT, 1, VIP, 80);
        table.applyIfNewer(key, session(1, 10, 5));

        assertFalse(table.applyIfNewer(key, session(2, 10, 4)));
        assertTrue(table.applyIfNewer(key, session(3, 10, 6)));

        table.get(key, read);
        assertEquals(3, read.backendId());
        assertEquals(6, read.originId());
    }

    @Test
    void duplicateRecordIsIdempotent() {
        SessionTable table = open(1_000);
        key.ipv4(6, CLIENT, 1, VIP, 80);

        assertTrue(table.applyIfNewer(key, session(1, 10, 5)));
        assertFalse(table.applyIfNewer(key, session(1, 10, 5)));
        assertFalse(table.tombstoneIfNewer(key, 10, 5));

        assertTrue(table.get(key, read));
        assertEquals(session(1, 10, 5), read);
    }

    @Test
    void tombstoneBeatsAnOlderUpsertArrivingLater() {
        SessionTable table = open(1_000);
        key.ipv4(6, CLIENT, 1, VIP, 80);
        table.applyIfNewer(key, session(4, 10, 1));
        clock[0] = 5_000;

        assertTrue(table.tombstoneIfNewer(key, 12, 2));
        assertFalse(table.applyIfNewer(key, session(5, 11, 1)));

        assertFalse(table.get(key, read));
        assertTrue(table.getIncludingTombstone(key, read));
        assertEquals(SessionState.REMOVED, read.state());
        assertEquals(12, read.version());
        assertEquals(2, read.originId());
        assertEquals(4, read.backendId(), "a tombstone keeps the backend it replaced");
        assertEquals(100, read.createdMillis());
        assertEquals(5_000, read.lastSeenMillis(), "a tombstone is stamped with the table's clock");
        assertEquals(1, table.size(), "size counts tombstones");
    }

    @Test
    void tombstoneForAnUnknownKeyIsStored() {
        SessionTable table = open(1_000);
        key.ipv4(6, CLIENT, 1, VIP, 80);

        assertTrue(table.tombstoneIfNewer(key, 3, 1));
        assertFalse(table.applyIfNewer(key, session(1, 2, 9)), "the upsert the removal followed arrives last");
        assertFalse(table.get(key, read));
    }

    @Test
    void newerUpsertBeatsAnOlderTombstone() {
        SessionTable table = open(1_000);
        key.ipv4(6, CLIENT, 1, VIP, 80);
        table.tombstoneIfNewer(key, 5, 1);

        assertFalse(table.tombstoneIfNewer(key, 4, 1));
        assertTrue(table.applyIfNewer(key, session(8, 6, 1)));

        assertTrue(table.get(key, read));
        assertEquals(8, read.backendId());
    }

    @Test
    void concurrentAppliesKeepTheNewestVersion() throws Exception {
        SessionTable table = open(1_000);
        int keys = 16;
        int versions = 5_000;
        // Each thread applies every version of every key, in opposite orders, so they race on each key.
        Thread ascending = Thread.ofPlatform().start(() -> applyAll(table, keys, versions, true));
        Thread descending = Thread.ofPlatform().start(() -> applyAll(table, keys, versions, false));
        ascending.join();
        descending.join();

        for (int port = 0; port < keys; port++) {
            assertTrue(table.get(key.ipv4(6, CLIENT, port, VIP, 80), read));
            assertEquals(versions, read.version());
            assertEquals(2, read.originId());
        }
    }

    private static void applyAll(SessionTable table, int keys, int versions, boolean ascending) {
        FlowKey flow = new FlowKey();
        SessionEntry value = new SessionEntry().state(SessionState.ESTABLISHED);
        for (int i = 1; i <= versions; i++) {
            int version = ascending ? i : versions + 1 - i;
            for (int port = 0; port < keys; port++) {
                table.applyIfNewer(flow.ipv4(6, CLIENT, port, VIP, 80), value.version(version).originId(ascending ? 1 : 2));
            }
        }
    }

    @Test
    void purgeRemovesOnlyOldTombstonesBoundedPerCall() {
        SessionTable table = open(1_000);
        clock[0] = 1_000;
        for (int port = 0; port < 10; port++) {
            table.tombstoneIfNewer(key.ipv4(6, CLIENT, port, VIP, 80), 1, 1);
        }
        clock[0] = 2_000;
        table.tombstoneIfNewer(key.ipv4(6, CLIENT, 100, VIP, 80), 1, 1);
        table.put(key.ipv4(6, CLIENT, 200, VIP, 80), session(1, 1, 1).lastSeenMillis(0));

        assertEquals(3, table.purgeTombstones(1_500, 3));
        assertEquals(9, table.size());
        assertEquals(7, table.purgeTombstones(1_500, 100));
        assertEquals(0, table.purgeTombstones(1_500, 100));

        assertEquals(2, table.size());
        assertTrue(table.getIncludingTombstone(key.ipv4(6, CLIENT, 100, VIP, 80), read));
        assertTrue(table.get(key.ipv4(6, CLIENT, 200, VIP, 80), read));
    }

    @Test
    void forEachVisitsEveryEntryIncludingTombstones() {
        SessionTable table = open(1_000);
        for (int port = 0; port < 50; port++) {
            table.put(key.ipv4(6, CLIENT, port, VIP, 80), session(port, 1, 1));
        }
        table.tombstoneIfNewer(key.ipv4(6, CLIENT, 7, VIP, 80), 2, 1);
        int[] live = new int[1];
        int[] tombstones = new int[1];
        long[] portSum = new long[1];

        table.forEach((k, v) -> {
            portSum[0] += k.clientPort();
            assertEquals(k.clientPort(), v.backendId());
            if (v.isTombstone()) {
                tombstones[0]++;
            } else {
                live[0]++;
            }
        });

        assertEquals(49, live[0]);
        assertEquals(1, tombstones[0]);
        assertEquals(49 * 50 / 2, portSum[0]);
    }

    @Test
    void fullTableRefusesWritesCleanlyAndKeepsServing() {
        SessionTable table = open(1_000);
        SessionEntry value = session(1, 1, 1);
        int stored = 0;
        while (table.put(key.ipv4(6, CLIENT, stored, VIP, 80), value)) {
            stored++;
            assertTrue(stored < 100_000, "a 1000-entry table never filled");
        }

        // key now holds the refused flow; its segment stays full for the replicated paths too.
        assertEquals(1, table.fullRejections());
        assertFalse(table.get(key, read));
        assertThrows(SessionTableFullException.class, () -> table.applyIfNewer(key, value));
        assertThrows(SessionTableFullException.class, () -> table.tombstoneIfNewer(key, 2, 1));
        assertEquals(SessionTable.FULL, table.getOrOpen(key, read, (flow, fresh) -> {
            fresh.copyFrom(value);
            return true;
        }));
        assertEquals(4, table.fullRejections());
        assertEquals(stored, table.size());
        assertTrue(stored >= 1_000, "Chronicle's capacity is a lower bound: stored " + stored);
        assertTrue(table.get(key.ipv4(6, CLIENT, stored - 1, VIP, 80), read));
        assertTrue(table.remove(key));
        assertFalse(table.remove(key.ipv4(6, CLIENT, stored, VIP, 80)));
    }

    @Test
    void lookupsAndWritesDoNotAllocatePerOperation() {
        SessionTable table = open(100_000);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        SessionEntry value = session(1, 0, 1);
        for (int warmUp = 0; warmUp < 3; warmUp++) {
            exerciseEveryOperation(table, value, warmUp);
        }

        long before = threads.getCurrentThreadAllocatedBytes();
        exerciseEveryOperation(table, value, 3);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        // 50 000 operations: one 16-byte object each would be 800 000 bytes.
        assertTrue(allocated < 65_536, "allocated " + allocated + " bytes");
    }

    private void exerciseEveryOperation(SessionTable table, SessionEntry value, int round) {
        for (int port = 0; port < 10_000; port++) {
            key.ipv4(6, CLIENT, port, VIP, 80);
            table.put(key, value.version(round * 10L));
            table.get(key, read);
            table.applyIfNewer(key, value.version(round * 10L + 1));
            table.tombstoneIfNewer(key, round * 10L + 2, 1);
            table.getIncludingTombstone(key, read);
        }
    }

    @Test
    void configRejectsNonsenseWithTheSettingNamed() {
        Path file = directory.resolve("x.map");
        assertEquals("session table file is not set",
            assertThrows(IllegalArgumentException.class, () -> new SessionTableConfig(null, 10)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new SessionTableConfig(file, 0))
            .getMessage().contains("capacity 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new SessionTableConfig(file, 10, 0.5, false))
            .getMessage().contains("maxBloatFactor 0.5"));
        assertThrows(IllegalArgumentException.class, () -> new SessionTableConfig(file, 10, Double.NaN, false));
    }

    @Test
    void openRefusesAMissingDirectory() {
        Path file = directory.resolve("absent/sessions.map");

        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> SessionTable.open(new SessionTableConfig(file, 10)));

        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void openRefusesHugetlbfsBeforeCreatingAFile() throws Exception {
        Path hugepages = Path.of("/dev/hugepages");
        assumeTrue(Files.isDirectory(hugepages) && "hugetlbfs".equals(Files.getFileStore(hugepages).type()));
        Path file = hugepages.resolve("trunkline-store-test-" + ProcessHandle.current().pid() + ".map");

        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> SessionTable.open(new SessionTableConfig(file, 10)));

        assertTrue(e.getMessage().contains("hugetlbfs"), e.getMessage());
        assertFalse(Files.exists(file));
    }
}
