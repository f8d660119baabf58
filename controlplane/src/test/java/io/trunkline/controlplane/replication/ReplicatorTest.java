package io.trunkline.controlplane.replication;

import io.trunkline.fastpath.sync.HybridLogicalClock;
import io.trunkline.fastpath.sync.SessionChangeListener;
import io.trunkline.fastpath.sync.SessionChangeOp;
import io.trunkline.fastpath.sync.SessionChangeQueue;
import io.trunkline.store.FlowKey;
import io.trunkline.store.SessionEntry;
import io.trunkline.store.SessionState;
import io.trunkline.store.SessionTable;
import io.trunkline.store.SessionTableConfig;
import org.agrona.CloseHelper;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.CachedEpochClock;
import org.agrona.concurrent.CachedNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplicatorTest {
    private static final int VIP = 0xC6130001;
    static final PeerEndpoint A = new PeerEndpoint(1, "127.0.0.1", 1);
    static final PeerEndpoint B = new PeerEndpoint(2, "127.0.0.1", 2);

    @TempDir
    Path directory;

    final CachedNanoClock nanoClock = new CachedNanoClock();
    private final CachedEpochClock epochClock = new CachedEpochClock();
    private final InMemoryTransport.Network network = new InMemoryTransport.Network();
    private final List<Node> nodes = new ArrayList<>();

    /** One dispatcher: its table, one worker's sync queue, the replicator, and what its listener heard. */
    final class Node implements AutoCloseable {
        final SessionTable table;
        final SessionChangeQueue queue = new SessionChangeQueue(1 << 20);
        final HybridLogicalClock hlc = new HybridLogicalClock(epochClock);
        final InMemoryTransport transport;
        final Replicator replicator;
        final List<String> heard = Collections.synchronizedList(new ArrayList<>());
        /** For each key the listener was told of, the threads that told it. */
        final Map<String, Set<String>> threadsByKey = new ConcurrentHashMap<>();
        final int id;

        Node(PeerEndpoint self, PeerEndpoint peer, ClusterKey key, InMemoryTransport.Network net, long joinTimeoutNs) {
            id = self.id();
            table = SessionTable.open(new SessionTableConfig(directory.resolve("sessions-" + self.id() + "-" + nodes.size()), 10_000));
            transport = new InMemoryTransport(net, self.id(), List.of(peer));
            final ReplicationContext context = new ReplicationContext().self(self).peer(peer).key(key)
                .nanoClock(nanoClock).epochClock(epochClock).hybridClock(hlc).joinTimeoutNs(joinTimeoutNs)
                .appliers(appliers()).conclude();
            final SessionChangeListener listener = (op, k) -> {
                heard.add(op + " " + k);
                threadsByKey.computeIfAbsent(k.toString(), x -> ConcurrentHashMap.newKeySet()).add(Thread.currentThread().getName());
            };
            replicator = new Replicator(context, table, transport, List.of(queue), listener);
            nodes.add(this);
        }

        /** One duty cycle of the replicator, then one of each applier: the threads' work, in a deterministic order. */
        int step() {
            int work = replicator.doWork();
            for (Agent applier : replicator.appliers()) {
                try {
                    work += applier.doWork();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
            return work;
        }

        void insert(int i) {
            final FlowKey key = key(i);
            final SessionEntry entry = new SessionEntry().backendId(i % 7).state(SessionState.OPENING)
                .createdMillis(epochClock.time()).lastSeenMillis(epochClock.time()).originId(id).version(hlc.now());
            table.put(key, entry);
            assertTrue(queue.offerUpsert(key, entry));
        }

        void remove(int i) {
            final long version = hlc.now();
            table.tombstoneIfNewer(key(i), version, id);
            assertTrue(queue.offerRemove(key(i), version));
        }

        /**
         * Every entry as sorted text; a tombstone by its version and origin only, since its other fields
         * are stamped by the table that wrote it.
         */
        List<String> dump() {
            final TreeSet<String> lines = new TreeSet<>();
            table.forEach((key, value) -> lines.add(key + " " + (value.isTombstone()
                ? "REMOVED version=" + value.version() + " origin=" + value.originId() : value.toString())));
            return List.copyOf(lines);
        }

        PeerStats peerStats() {
            return replicator.stats().peers().getFirst();
        }

        @Override
        public void close() {
            CloseHelper.closeAll(replicator, queue, table);
        }
    }

    static FlowKey key(int i) {
        return new FlowKey().ipv4(FlowKey.PROTOCOL_TCP, 0xC6120000 + i, 1024 + i % 60_000, VIP, 80);
    }

    @AfterEach
    void close() {
        nodes.forEach(Node::close);
    }

    /** Applier threads of every node's replicator; 0: it applies on its own thread. */
    int appliers() {
        return 0;
    }

    Node node(PeerEndpoint self, PeerEndpoint peer) {
        return new Node(self, peer, BatchAuthenticatorTest.KEY_1, network, 0);
    }

    /** Runs duty cycles, advancing the clock past the flush delay, until nothing moves. */
    void settle() {
        for (int idle = 0, round = 0; idle < 3 && round < 10_000; round++) {
            int work = 0;
            for (Node node : nodes) {
                work += node.step();
            }
            nanoClock.advance(TimeUnit.MICROSECONDS.toNanos(25));
            idle = work == 0 ? idle + 1 : 0;
        }
    }

    /** Two duty cycles of {@code node} the flush delay apart: its pending changes are sent. */
    void flush(Node node) {
        node.step();
        nanoClock.advance(ReplicationContext.DEFAULT_FLUSH_DELAY_NS);
        node.step();
    }

    private static List<byte[]> dataBatches(InMemoryTransport transport) {
        return transport.sent.stream().map(InMemoryTransport.Sent::bytes)
            .filter(b -> b[ReplicationBatch.KIND_OFFSET] == ReplicationBatch.KIND_DATA).toList();
    }

    private static int recordCount(byte[] batch) {
        return new ReplicationBatch().wrap(MemorySegment.ofArray(batch)).recordCount();
    }

    @Test
    void flushesAFullBatchAtOnceAndAPartialOneAfterTheDelay() {
        final Node a = node(A, B);
        node(B, A);
        for (int i = 0; i < 13; i++) {
            a.insert(i);
        }
        a.step();
        assertEquals(List.of(13), dataBatches(a.transport).stream().map(ReplicatorTest::recordCount).toList());

        for (int i = 13; i < 18; i++) {
            a.insert(i);
        }
        a.step();
        nanoClock.advance(ReplicationContext.DEFAULT_FLUSH_DELAY_NS - 1);
        a.step();
        assertEquals(1, dataBatches(a.transport).size(), "not yet: the delay has not passed");
        nanoClock.advance(1);
        a.step();
        assertEquals(List.of(13, 5), dataBatches(a.transport).stream().map(ReplicatorTest::recordCount).toList());
    }

    @Test
    void appliesRemoteChangesAndTellsTheListener() {
        final Node a = node(A, B);
        final Node b = node(B, A);
        for (int i = 0; i < 100; i++) {
            a.insert(i);
        }
        a.remove(5);
        settle();

        assertEquals(a.dump(), b.dump());
        assertEquals(101, b.heard.size());
        assertTrue(b.heard.contains("UPSERT " + key(0)));
        assertTrue(b.heard.indexOf("UPSERT " + key(5)) < b.heard.indexOf("REMOVE " + key(5)), "a key's changes in order");
        final PeerStats fromA = b.peerStats();
        assertEquals(101, fromA.recordsApplied());
        assertEquals(PeerState.UP, fromA.state());
        assertEquals(0, fromA.authFailures());
        assertEquals(0, fromA.gaps());
        assertEquals(101, a.replicator.stats().lastDataSequence());
    }

    @Test
    void reorderedAndDuplicatedBatchesConvergeToTheSameTable() {
        final Node a = node(A, B);
        final Node b = node(B, A);
        a.transport.linkCut = true;
        for (int i = 0; i < 30; i++) {
            a.insert(i);
        }
        settle();
        for (int i = 0; i < 10; i++) {
            a.remove(i);
        }
        settle();
        final List<byte[]> batches = new ArrayList<>(dataBatches(a.transport));
        assertEquals(4, batches.size());
        Collections.reverse(batches);
        for (byte[] batch : batches) {
            b.transport.inject(batch);
            b.transport.inject(batch);
        }
        settle();

        assertEquals(a.dump(), b.dump(), "removals won over the older upserts delivered after them");
        assertEquals(4, b.peerStats().replays(), "each duplicate dropped");
        assertEquals(0, b.peerStats().gaps());
    }

    @Test
    void forgedBatchesFromASenderWithoutTheKeyChangeNothing() {
        final Node a = node(A, B);
        final Node b = node(B, A);
        a.insert(1);
        settle();
        final List<String> before = b.dump();

        final InMemoryTransport.Network elsewhere = new InMemoryTransport.Network();
        final Node forger = new Node(A, B, new ClusterKey(1, BatchAuthenticatorTest.filled(32, 0x77)), elsewhere, 0);
        for (int i = 100; i < 120; i++) {
            forger.insert(i);
        }
        forger.step();
        nanoClock.advance(TimeUnit.MILLISECONDS.toNanos(1));
        forger.step();
        final List<byte[]> forged = dataBatches(forger.transport);
        forged.forEach(b.transport::inject);
        nodes.remove(forger);
        b.step();
        forger.close();

        assertEquals(before, b.dump());
        assertEquals(forged.size(), b.peerStats().authFailures());
        assertEquals(2, forged.size());
    }

    @Test
    void aTamperedBatchIsDroppedAndCounted() {
        final Node a = node(A, B);
        final Node b = node(B, A);
        a.transport.linkCut = true;
        a.insert(1);
        settle();
        final byte[] batch = dataBatches(a.transport).getFirst().clone();
        batch[ReplicationBatch.HEADER_LENGTH + ReplicationRecord.ENTRY_OFFSET] ^= 1;
        b.transport.inject(batch);
        settle();
        assertFalse(b.table.get(key(1), new SessionEntry()));
        assertEquals(1, b.peerStats().authFailures());
    }

    @Test
    void aSilentPeerGoesDownAfterFiveMissedHeartbeatsAndItsSessionsStay() {
        final Node a = node(A, B);
        final Node b = node(B, A);
        a.insert(1);
        settle();
        assertEquals(PeerState.UP, b.peerStats().state());
        a.transport.linkCut = true;
        for (int i = 0; i < 4; i++) {
            nanoClock.advance(ReplicationContext.DEFAULT_HEARTBEAT_INTERVAL_NS);
            b.step();
        }
        assertEquals(PeerState.UP, b.peerStats().state(), "four missed heartbeats: not yet");
        nanoClock.advance(2 * ReplicationContext.DEFAULT_HEARTBEAT_INTERVAL_NS);
        b.step();
        assertEquals(PeerState.DOWN, b.peerStats().state());
        assertTrue(b.table.get(key(1), new SessionEntry()));
    }

    @Test
    void aJoiningDispatcherTakesASnapshotAndOnlyThenIsReady() {
        final Node a = node(A, B);
        for (int i = 0; i < 40; i++) {
            a.insert(i);
        }
        a.remove(3);
        settle();
        assertEquals(Readiness.READY, a.replicator.readiness());

        final Node b = new Node(B, A, BatchAuthenticatorTest.KEY_1, network, TimeUnit.SECONDS.toNanos(1));
        assertEquals(Readiness.JOINING, b.replicator.readiness());
        for (int round = 0; round < 500 && b.replicator.readiness() != Readiness.READY; round++) {
            a.step();
            b.step();
            nanoClock.advance(TimeUnit.MILLISECONDS.toNanos(1));
        }
        assertEquals(Readiness.READY, b.replicator.readiness());
        assertEquals(a.dump(), b.dump(), "tombstones travel in the snapshot too");
        assertEquals(1, b.peerStats().snapshotsApplied());
        assertEquals(1, a.peerStats().snapshotsServed());

        a.insert(99);
        settle();
        assertEquals(a.dump(), b.dump());
        assertEquals(1, b.peerStats().gaps(), "the history before joining, counted once and covered by the snapshot");
    }

    @Test
    void aDownPeerWhoseLinkIsFullNoLongerHoldsTheStreamAndCatchesUpWhenBack() {
        final Node a = node(A, B);
        final Node b = node(B, A);
        a.insert(1);
        settle();
        a.transport.backPressured = true;
        b.transport.linkCut = true;
        for (int i = 2; i <= 40; i++) {
            a.insert(i);
        }
        for (int i = 0; i < 6; i++) {
            nanoClock.advance(ReplicationContext.DEFAULT_HEARTBEAT_INTERVAL_NS);
            a.step();
        }
        assertEquals(PeerState.DOWN, a.peerStats().state());
        for (int i = 0; i < 10; i++) {
            nanoClock.advance(TimeUnit.MICROSECONDS.toNanos(25));
            a.step();
        }
        assertEquals(40, a.replicator.stats().lastDataSequence(), "every change numbered and sealed: none waits for the dead link");

        a.transport.backPressured = false;
        b.transport.linkCut = false;
        for (int i = 0; i < 3; i++) {
            nanoClock.advance(ReplicationContext.DEFAULT_HEARTBEAT_INTERVAL_NS);
            settle();
        }
        assertEquals(a.dump(), b.dump());
        assertEquals(1, b.peerStats().snapshotsApplied());
    }

    @Test
    void whatARestartedDispatcherAppliesBeforeItIsReadyIsNotLag() {
        final Node a = node(A, B);
        final Node b = node(B, A);
        a.insert(1);
        settle();
        final byte[] heldByTheLink = dataBatches(a.transport).getLast();
        nodes.remove(b);
        b.close();

        epochClock.advance(TimeUnit.SECONDS.toMillis(16));
        final Node restarted = new Node(B, A, BatchAuthenticatorTest.KEY_1, network, TimeUnit.SECONDS.toNanos(1));
        restarted.transport.inject(heldByTheLink);
        restarted.step();
        assertEquals(Readiness.JOINING, restarted.replicator.readiness());
        assertEquals(1, restarted.peerStats().recordsReceived(), "the batch the link held, 16 s old, arrives first");
        assertEquals(0, restarted.peerStats().lagMaxMillis(), "catch-up, not lag");
        for (int round = 0; round < 500 && restarted.replicator.readiness() != Readiness.READY; round++) {
            a.step();
            restarted.step();
            nanoClock.advance(TimeUnit.MILLISECONDS.toNanos(1));
        }
        assertEquals(Readiness.READY, restarted.replicator.readiness());

        a.insert(2);
        flush(a);
        epochClock.advance(7);
        restarted.step();
        a.insert(3);
        flush(a);
        epochClock.advance(2);
        restarted.step();
        assertEquals(7, restarted.peerStats().lagMaxMillis());
        assertEquals(2, restarted.peerStats().lagLastMillis());
        assertEquals(a.dump(), restarted.dump());
    }

    @Test
    void aLostBatchIsRepairedWithASnapshotFromItsOrigin() {
        final Node a = node(A, B);
        final Node b = node(B, A);
        a.insert(1);
        settle();
        a.transport.linkCut = true;
        for (int i = 2; i < 20; i++) {
            a.insert(i);
        }
        settle();
        a.transport.linkCut = false;
        nanoClock.advance(ReplicationContext.DEFAULT_HEARTBEAT_INTERVAL_NS);
        settle();
        assertEquals(a.dump(), b.dump());
        assertEquals(1, b.peerStats().gaps());
        assertEquals(1, b.peerStats().snapshotsApplied());
    }

    @Test
    void servingALargeSnapshotTakesManyCyclesAndTheLiveStreamFlowsMeanwhile() {
        final Node a = node(A, B);
        final int sessions = 5_000;
        for (int i = 0; i < sessions; i++) {
            a.insert(i);
        }
        settle();
        final Node b = new Node(B, A, BatchAuthenticatorTest.KEY_1, network, TimeUnit.SECONDS.toNanos(1));
        int servingCycles = 0;
        int mostBatchesInACycle = 0;
        boolean liveArrivedWhileSnapshotting = false;
        for (int round = 0; round < 5_000 && b.replicator.readiness() != Readiness.READY; round++) {
            final int sentBefore = a.transport.sent.size();
            a.step();
            final int sentNow = a.transport.sent.size() - sentBefore;
            mostBatchesInACycle = Math.max(mostBatchesInACycle, sentNow);
            if (b.replicator.readiness() == Readiness.SNAPSHOTTING) {
                servingCycles++;
                if (servingCycles == 3) {
                    a.insert(sessions);
                }
                final SessionEntry live = new SessionEntry();
                liveArrivedWhileSnapshotting |= b.table.get(key(sessions), live);
            }
            b.step();
            nanoClock.advance(TimeUnit.MICROSECONDS.toNanos(50));
        }
        assertEquals(Readiness.READY, b.replicator.readiness());
        assertTrue(servingCycles > 10, "the snapshot is served a piece per cycle, not at once: " + servingCycles + " cycles");
        assertTrue(mostBatchesInACycle <= 18, "at most 16 snapshot batches, a data batch and a heartbeat per cycle: " + mostBatchesInACycle);
        assertTrue(liveArrivedWhileSnapshotting, "a session inserted during the snapshot reaches the peer before the snapshot ends");
        settle();
        assertEquals(a.dump(), b.dump());
    }
}
