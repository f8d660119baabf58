package io.trunkline.fastpath.select;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SelectionTableTest {
    private static final int M = SelectionTable.tableSizeFor(100);

    static List<Backend> backends(int count) {
        List<Backend> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(new Backend(i, "backend-" + i, 1));
        }
        return list;
    }

    static int[] ownerCounts(SelectionTable table, int maxId) {
        int[] counts = new int[maxId];
        for (int slot = 0; slot < table.tableSize(); slot++) {
            counts[table.entry(slot)]++;
        }
        return counts;
    }

    @Test
    void tableSizeIsTheSmallestPrimeAtLeastTheMinimumOrHundredPerBackend() {
        assertEquals(65537, SelectionTable.tableSizeFor(1));
        assertEquals(65537, SelectionTable.tableSizeFor(655));
        assertEquals(65701, SelectionTable.tableSizeFor(657));
        assertEquals(100003, SelectionTable.tableSizeFor(1000));
        assertTrue(SelectionTable.isPrime(65701) && !SelectionTable.isPrime(65700));
    }

    @Test
    void sameBackendSetGivesIdenticalTablesWhateverTheOrder() {
        List<Backend> forward = backends(10);
        List<Backend> reversed = new ArrayList<>(forward);
        Collections.reverse(reversed);

        int[] first = SelectionTable.build(Policy.MAGLEV, forward, M).entries();
        int[] second = SelectionTable.build(Policy.MAGLEV, reversed, M).entries();

        assertArrayEquals(first, second);
    }

    /**
     * Pins the algorithm: every dispatcher, whatever its JVM or release, must build this exact table.
     * If this fails, the hash or the fill changed, and mixed-version dispatchers would disagree.
     */
    @Test
    void tableContentIsPinnedAcrossJvmsAndReleases() {
        List<Backend> weighted = List.of(new Backend(7, "198.18.1.1:80", 1), new Backend(3, "198.18.1.2:80", 2),
            new Backend(5, "198.18.1.3:80", 3));
        int[] entries = SelectionTable.build(Policy.MAGLEV, weighted, 65537).entries();
        ByteBuffer bytes = ByteBuffer.allocate(entries.length * Integer.BYTES);
        bytes.asIntBuffer().put(entries);
        CRC32 crc = new CRC32();
        crc.update(bytes.array());

        assertEquals(GOLDEN_CRC, crc.getValue());
    }

    private static final long GOLDEN_CRC = 1_827_308_710L;

    @Test
    void unweightedFillGivesEveryBackendItsShareWithinOneSlot() {
        SelectionTable table = SelectionTable.build(Policy.MAGLEV, backends(10), M);
        for (int count : ownerCounts(table, 10)) {
            assertTrue(count == M / 10 || count == M / 10 + 1, "slots " + count);
        }
    }

    @Test
    void slotSharesFollowWeightsWithinTwoPercent() {
        List<Backend> weighted = List.of(new Backend(0, "a", 1), new Backend(1, "b", 2), new Backend(2, "c", 3),
            new Backend(3, "d", 4), new Backend(4, "e", 10));
        SelectionTable table = SelectionTable.build(Policy.MAGLEV, weighted, M);
        int[] counts = ownerCounts(table, 5);
        for (Backend backend : weighted) {
            double expected = backend.weight() / 20.0;
            double share = counts[backend.id()] / (double) M;
            assertEquals(expected, share, expected * 0.02, "backend " + backend.name());
        }
    }

    /**
     * Disruption, defined over table slots (each slot stands for an equal share of flow hashes): changed =
     * slots whose owner differs between the table of N backends and the table without one of them. The
     * leaver's own slots (about 1/N) must move; consistent hashing moves few others. Over every choice of
     * the leaver: changed / M within [0.9/N, 1.5/N], and the collateral part (changed slots that the leaver did
     * not own) under 0.5/N.
     */
    @Test
    void removingOneOfTenBackendsMovesAboutOneTenthOfTheSlots() {
        int n = 10;
        List<Backend> all = backends(n);
        int[] before = SelectionTable.build(Policy.MAGLEV, all, M).entries();
        for (Backend leaver : all) {
            List<Backend> rest = new ArrayList<>(all);
            rest.remove(leaver);
            int[] after = SelectionTable.build(Policy.MAGLEV, rest, M).entries();
            int changed = 0;
            int collateral = 0;
            for (int slot = 0; slot < M; slot++) {
                if (before[slot] != after[slot]) {
                    changed++;
                    if (before[slot] != leaver.id()) {
                        collateral++;
                    }
                }
            }
            double changedFraction = changed / (double) M;
            double collateralFraction = collateral / (double) M;
            assertTrue(changedFraction >= 0.9 / n && changedFraction <= 1.5 / n,
                "without " + leaver.name() + ": " + changedFraction + " of slots changed");
            assertTrue(collateralFraction < 0.5 / n,
                "without " + leaver.name() + ": collateral " + collateralFraction);
        }
    }

    @Test
    void zeroWeightBackendKeepsItsPlaceInTheListButGetsNoSlot() {
        List<Backend> list = List.of(new Backend(0, "a", 1), new Backend(1, "b", 0));
        SelectionTable table = SelectionTable.build(Policy.MAGLEV, list, M);

        assertEquals(2, table.backendCount());
        assertEquals(M, ownerCounts(table, 2)[0]);
    }

    @Test
    void noBackendAnswersNoBackend() {
        SelectionTable drained = SelectionTable.build(Policy.MAGLEV, List.of(new Backend(0, "a", 0)), M);

        assertEquals(Selector.NO_BACKEND, drained.lookup(12345));
        assertEquals(Selector.NO_BACKEND, SelectionTable.empty().lookup(-1));
        assertEquals(0, drained.tableSize());
    }

    @Test
    void lookupSpansTheWholeTable() {
        SelectionTable table = SelectionTable.build(Policy.MAGLEV, backends(3), M);

        assertEquals(table.entry(0), table.lookup(0));
        assertEquals(table.entry(M - 1), table.lookup(-1));
        assertEquals(table.entry(M / 2), table.lookup(Integer.MIN_VALUE));
    }

    @Test
    void rejectsNonPrimeSizeAndDuplicates() {
        assertThrows(IllegalArgumentException.class, () -> SelectionTable.build(Policy.MAGLEV, backends(2), 65536));
        assertThrows(IllegalArgumentException.class, () -> SelectionTable.build(Policy.MAGLEV,
            List.of(new Backend(0, "a", 1), new Backend(1, "a", 1)), M));
        assertThrows(IllegalArgumentException.class, () -> SelectionTable.build(Policy.MAGLEV,
            List.of(new Backend(0, "a", 1), new Backend(0, "b", 1)), M));
        assertThrows(IllegalArgumentException.class, () -> new Backend(0, "a", -1));
    }
}
