package io.trunkline.fastpath.select;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicySelectorsTest {
    private static final int M = 65537;

    @Test
    void smoothWeightedRoundRobinFollowsTheNginxSequence() {
        SelectionTable table = SelectionTable.build(Policy.WEIGHTED_ROUND_ROBIN,
            List.of(new Backend(10, "a", 5), new Backend(11, "b", 1), new Backend(12, "c", 1)), M);
        Selector wrr = table.policy().newSelector(table, new ActiveConnections(16));

        int[] picks = new int[14];
        for (int i = 0; i < picks.length; i++) {
            picks[i] = wrr.select(i);
        }

        assertArrayEquals(new int[] {10, 10, 11, 10, 12, 10, 10, 10, 10, 11, 10, 12, 10, 10}, picks);
    }

    @Test
    void weightedRoundRobinSkipsZeroWeightAndAnswersNoBackendWhenAllAreDrained() {
        SelectionTable table = SelectionTable.build(Policy.WEIGHTED_ROUND_ROBIN,
            List.of(new Backend(1, "a", 0), new Backend(2, "b", 2)), M);
        WeightedRoundRobin wrr = new WeightedRoundRobin(table);
        assertEquals(2, wrr.select(0));
        assertEquals(2, wrr.select(0));

        SelectionTable drained = SelectionTable.build(Policy.WEIGHTED_ROUND_ROBIN, List.of(new Backend(1, "a", 0)), M);
        assertEquals(Selector.NO_BACKEND, new WeightedRoundRobin(drained).select(0));
    }

    @Test
    void weightedLeastConnectionsPicksTheFewestConnectionsPerWeight() {
        ActiveConnections connections = new ActiveConnections(8);
        SelectionTable table = SelectionTable.build(Policy.WEIGHTED_LEAST_CONNECTIONS,
            List.of(new Backend(1, "a", 1), new Backend(2, "b", 2), new Backend(3, "c", 1), new Backend(4, "d", 0)), M);
        connections.reset(1, 10);
        connections.reset(2, 15);
        connections.reset(3, 9);
        Selector wlc = table.policy().newSelector(table, connections);

        for (int hash : new int[] {0, 1 << 30, -1, 77}) {
            assertEquals(2, wlc.select(hash), "b carries 7.5 per unit of weight, c 9, a 10; d is drained");
        }
        connections.opened(3);
        connections.closed(2);
        connections.closed(2);
        connections.closed(2);
        connections.reset(3, 0);
        assertEquals(3, wlc.select(5));
    }

    @Test
    void weightedLeastConnectionsSpreadsTiesByFlowHash() {
        ActiveConnections connections = new ActiveConnections(4);
        SelectionTable table = SelectionTable.build(Policy.WEIGHTED_LEAST_CONNECTIONS,
            List.of(new Backend(0, "a", 1), new Backend(1, "b", 1), new Backend(2, "c", 1)), M);
        WeightedLeastConnections wlc = new WeightedLeastConnections(table, connections);

        assertEquals(0, wlc.select(0));
        assertEquals(1, wlc.select(Integer.MIN_VALUE));
        assertEquals(2, wlc.select(-1));
    }

    @Test
    void closedNeverGoesBelowZero() {
        ActiveConnections connections = new ActiveConnections(2);
        connections.closed(1);
        assertEquals(0, connections.count(1));
    }

    @Test
    void workersTakeUpPublishedSnapshotsAndKeepStateOfUnchangedVips() {
        SelectionTable wrrTable = SelectionTable.build(Policy.WEIGHTED_ROUND_ROBIN,
            List.of(new Backend(0, "a", 2), new Backend(1, "b", 1)), M);
        SelectionTable maglev = SelectionTable.build(Policy.MAGLEV, List.of(new Backend(2, "c", 1)), M);
        SelectionSnapshot published = SelectionSnapshot.empty().with(0, wrrTable).with(2, maglev);

        VipSelectors worker = new VipSelectors(new ActiveConnections(4));
        assertTrue(worker.refresh(published));
        assertFalse(worker.refresh(published));
        assertEquals(0, worker.selectNew(0, 0));
        assertEquals(Selector.NO_BACKEND, worker.selectNew(1, 0), "VIP 1 was never set");
        assertEquals(2, worker.selectNew(2, 99));
        assertEquals(Selector.NO_BACKEND, worker.selectNew(9, 0), "VIP past the snapshot");

        SelectionTable moved = SelectionTable.build(Policy.MAGLEV, List.of(new Backend(3, "d", 1)), M);
        assertTrue(worker.refresh(published.with(2, moved)));
        assertEquals(1, worker.selectNew(0, 0), "VIP 0 kept its round-robin position: a, then b");
        assertEquals(3, worker.selectNew(2, 99));
    }

    @Test
    void consistentHashIsTheMaglevChoiceWhateverThePolicy() {
        SelectionTable wrrTable = SelectionTable.build(Policy.WEIGHTED_ROUND_ROBIN,
            List.of(new Backend(0, "a", 1), new Backend(1, "b", 1), new Backend(2, "c", 1)), M);
        VipSelectors worker = new VipSelectors(new ActiveConnections(4));
        worker.refresh(SelectionSnapshot.empty().with(0, wrrTable));

        for (int hash = 0; hash < 1000; hash += 37) {
            assertEquals(wrrTable.lookup(hash * 0x9E3779B9), worker.consistentHash(0, hash * 0x9E3779B9));
        }
    }

}
