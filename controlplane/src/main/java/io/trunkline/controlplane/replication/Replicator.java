package io.trunkline.controlplane.replication;

import io.trunkline.fastpath.sync.HybridLogicalClock;
import io.trunkline.fastpath.sync.SessionChangeHandler;
import io.trunkline.fastpath.sync.SessionChangeListener;
import io.trunkline.fastpath.sync.SessionChangeOp;
import io.trunkline.fastpath.sync.SessionChangeQueue;
import io.trunkline.store.FlowKey;
import io.trunkline.store.SessionEntry;
import io.trunkline.store.SessionTable;
import org.agrona.CloseHelper;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.NanoClock;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Replicates this dispatcher's session changes to its peers and applies theirs: the duty cycle of the
 * sync fabric, run by an Agrona {@code AgentRunner} (or stepped by tests through {@link #doWork()}).
 * <p>
 * Each cycle: poll the transport and apply what arrived; drain the workers' {@link SessionChangeQueue}s
 * into the data batch, numbering records with this origin's gap-free data sequence, and send the batch
 * to every peer when it is full or {@code flushDelay} after its first record; serve a piece of a snapshot
 * if one is asked for (at most one table segment copied and 16 batches written, so serving never stalls
 * the live stream); send heartbeats, mark silent peers down, and move readiness (JOINING, SNAPSHOTTING,
 * READY) along; send the per-peer control batches. Nothing blocks: a back-pressured peer keeps the sealed data
 * batch pending and the workers' queues absorb (or drop and count) what comes meanwhile; except a peer marked DOWN,
 * whose full link is given up on at once: a dead peer's link would otherwise hold every peer's stream until the
 * transport itself gave up (Aeron: 5 s). It catches up by snapshot when heard again (its heartbeats show the
 * sequences it missed). A DOWN peer whose link still takes batches is sent them as usual, so a peer wrongly thought
 * down (its heartbeats late on a starved machine) loses nothing.
 * <p>
 * Apply: last-writer-wins by (version, origin) through {@link SessionTable#applyIfNewer} and
 * {@link SessionTable#tombstoneIfNewer}, so duplicates, reordering and snapshots overlapping the live
 * stream change nothing twice; each change that wins is told to the {@link SessionChangeListener}.
 * With {@link ReplicationContext#appliers(int)} at 0 the replicator applies the live stream itself; with n
 * it only verifies and orders it, and hands each data record to the applier of the record's Chronicle
 * segment ({@link #appliers()}: agents the owner runs on threads of their own), keeping each key's order.
 * Snapshot chunks are applied here either way: last-writer-wins makes that safe beside the appliers.
 * <p>
 * Repair: a receiver that finds a hole in an origin's data stream asks that origin for a snapshot; a
 * peer seen with a new incarnation (it restarted) is asked for one, and so is every other live peer, so
 * that the last batches of the old incarnation which reached only some peers reach all.
 * <p>
 * Single-threaded: every method except {@link #stats()}, {@link #readiness()} and the appliers' duty cycles
 * belongs to the agent's thread.
 */
public final class Replicator implements Agent, AutoCloseable {
    private static final int POLL_LIMIT = 16;
    private static final int SNAPSHOT_BATCHES_PER_CYCLE = 16;

    private final int nodeId;
    private final SessionTable table;
    private final ReplicationTransport transport;
    private final SessionChangeQueue[] queues;
    private final HybridLogicalClock hlc;
    private final NanoClock clock;
    private final EpochClock epochClock;
    private final BatchAuthenticator authenticator;
    private final Peer[] peers;
    private final long allPeersMask;
    private final long incarnation;
    private final int batchCapacity;
    private final long flushDelayNs;
    private final long heartbeatIntervalNs;
    private final long downAfterNs;
    private final long joinTimeoutNs;
    private final long snapshotTimeoutNs;
    private final int drainLimit;

    private final BatchBuffer dataBatch;
    private final ReplicationBatch txBatch = new ReplicationBatch();
    private final ReplicationRecord txRecord = new ReplicationRecord();
    private final SessionChangeHandler changeHandler = this::onLocalChange;
    private final FlowKey txKey = new FlowKey();
    private final SessionEntry txEntry = new SessionEntry();
    private int dataCount;
    private int dataLength;
    private long dataStartNs;
    private long pendingPeers;
    private long nextDataSequence = 1;
    private volatile long lastDataSequence;

    private final ReplicationBatch rxBatch = new ReplicationBatch();
    private final ReplicationRecord rxRecord = new ReplicationRecord();
    private final RecordApplier rxApplier;
    private final SessionApplier[] appliers;
    private final ApplyBatch[] routed;
    private final ReplicationTransport.BatchHandler batchHandler = this::onBatch;
    private final AtomicLong unattributedRejects = new AtomicLong();

    private final long startedNs;
    private long nowNs;
    private long nextHeartbeatNs;
    private volatile Readiness readiness = Readiness.JOINING;

    private Peer snapshotSource;
    private long awaitedSnapshotId;
    private long snapshotChunksReceived;
    private int snapshotEndsReceived;
    private long snapshotProgressNs;
    private long nextSnapshotId = 1;
    private long wantSnapshotFrom;

    private final SnapshotServer server = new SnapshotServer();
    private final long[] watermarks;

    /**
     * @param context  concluded settings
     * @param table    this dispatcher's session table
     * @param transport opened for {@code context}'s peers, in the same order; closed with this replicator
     * @param queues   one per worker, this replicator being their single consumer
     * @param listener told of every remote change applied, to invalidate the workers' flow caches; called from the
     *                 appliers' threads too when there are any
     */
    public Replicator(ReplicationContext context, SessionTable table, ReplicationTransport transport,
                      List<SessionChangeQueue> queues, SessionChangeListener listener) {
        this.authenticator = new BatchAuthenticator(context.keys());
        this.nodeId = context.self().id();
        this.table = table;
        this.transport = transport;
        this.queues = queues.toArray(new SessionChangeQueue[0]);
        this.hlc = context.hybridClock();
        this.clock = context.nanoClock();
        this.epochClock = context.epochClock();
        final int maxBatchLength = Math.min(context.maxBatchLength(), transport.maxBatchLength());
        this.batchCapacity = ReplicationBatch.capacity(maxBatchLength);
        this.flushDelayNs = context.flushDelayNs();
        this.heartbeatIntervalNs = context.heartbeatIntervalNs();
        this.downAfterNs = context.heartbeatIntervalNs() * context.missedHeartbeats();
        this.joinTimeoutNs = context.joinTimeoutNs();
        this.snapshotTimeoutNs = context.snapshotTimeoutNs();
        this.drainLimit = context.drainLimit();
        this.peers = new Peer[context.peers().size()];
        for (int i = 0; i < peers.length; i++) {
            peers[i] = new Peer(context.peers().get(i), i, maxBatchLength);
        }
        this.allPeersMask = peers.length == 64 ? -1L : (1L << peers.length) - 1;
        this.watermarks = new long[3 * (peers.length + 1)];
        this.dataBatch = new BatchBuffer(maxBatchLength);
        this.rxApplier = new RecordApplier(table, listener);
        this.appliers = new SessionApplier[context.appliers()];
        for (int i = 0; i < appliers.length; i++) {
            appliers[i] = new SessionApplier(i, table, listener, epochClock, peers.length, batchCapacity);
        }
        this.routed = new ApplyBatch[appliers.length];
        this.incarnation = hlc.now();
        this.startedNs = clock.nanoTime();
        this.nowNs = startedNs;
    }

    @Override
    public String roleName() {
        return "replicator-" + nodeId;
    }

    @Override
    public int doWork() {
        nowNs = clock.nanoTime();
        final int pollLimit = pollLimit();
        int work = pollLimit > 0 ? transport.poll(batchHandler, pollLimit) : 0;
        work += sendData();
        work += serveSnapshot();
        work += keepMembership();
        work += advanceReadiness();
        work += flushOutboxes();
        return work;
    }

    /**
     * The agents that apply the peers' data records, one per {@link ReplicationContext#appliers(int)} (none by
     * default: this agent applies them). The owner runs each on a thread of its own, starts them with this agent
     * and stops them before {@link #close()}.
     */
    public List<Agent> appliers() {
        return List.of(appliers);
    }

    /** Whether this dispatcher holds the shared table and may serve traffic; readable from any thread. */
    public Readiness readiness() {
        return readiness;
    }

    /** This run's incarnation: the HLC when the replicator started. */
    public long incarnation() {
        return incarnation;
    }

    // ---------------------------------------------------------------- outbound data

    private int sendData() {
        int work = 0;
        if (pendingPeers != 0) {
            work += offerData();
            if (pendingPeers != 0) {
                return work;
            }
        }
        for (SessionChangeQueue queue : queues) {
            int drained = 0;
            while (drained < drainLimit) {
                final int taken = queue.drain(changeHandler, Math.min(batchCapacity - dataCount, drainLimit - drained));
                if (taken == 0) {
                    break;
                }
                drained += taken;
                if (dataCount == batchCapacity) {
                    sealData();
                    work += offerData();
                    if (pendingPeers != 0) {
                        return work + drained;
                    }
                }
            }
            work += drained;
        }
        if (dataCount > 0 && nowNs - dataStartNs >= flushDelayNs) {
            sealData();
            work += offerData();
        }
        return work;
    }

    private void onLocalChange(SessionChangeOp op, FlowKey key, long version, SessionEntry entry) {
        final MemorySegment segment = dataBatch.segment();
        if (dataCount == 0) {
            txBatch.wrap(segment).reset(ReplicationBatch.KIND_DATA, nodeId, 0, incarnation, nextDataSequence);
            dataStartNs = nowNs;
        }
        txRecord.wrap(segment, ReplicationBatch.recordOffset(dataCount))
            .reset(recordType(op), nodeId, nextDataSequence++, version)
            .putKey(key);
        if (op.carriesEntry()) {
            txRecord.putEntry(entry);
        }
        dataCount++;
    }

    private static byte recordType(SessionChangeOp op) {
        return switch (op) {
            case UPSERT -> RecordType.SESSION_UPSERT;
            case REMOVE -> RecordType.SESSION_REMOVE;
            case LOCK -> RecordType.CLIENT_LOCK;
            case UNLOCK -> RecordType.LOCK_RELEASE;
        };
    }

    private void sealData() {
        txBatch.wrap(dataBatch.segment()).recordCount(dataCount).timestamp(hlc.now());
        dataLength = ReplicationBatch.length(dataCount);
        authenticator.sign(dataBatch.segment(), dataBatch.byteBuffer(), dataLength);
        lastDataSequence = nextDataSequence - 1;
        pendingPeers = allPeersMask;
        if (pendingPeers == 0) {
            dataCount = 0;
        }
    }

    private int offerData() {
        int sent = 0;
        for (Peer peer : peers) {
            final long bit = 1L << peer.index;
            if ((pendingPeers & bit) == 0) {
                continue;
            }
            final int result = transport.send(peer.index, dataBatch, dataLength);
            if (result == ReplicationTransport.BACK_PRESSURED && peer.state != PeerState.DOWN) {
                continue;
            }
            if (result == ReplicationTransport.SENT) {
                peer.counters.add(PeerCounters.RECORDS_SENT, dataCount);
                peer.counters.add(PeerCounters.BATCHES_SENT, 1);
                peer.counters.add(PeerCounters.BYTES_SENT, dataLength);
                sent++;
            }
            resolve(peer, bit);
        }
        if (pendingPeers == 0) {
            dataCount = 0;
        }
        return sent;
    }

    /**
     * The sealed batch is done with for this peer, sent or not; its heartbeats tell the sequence, so a peer that missed
     * it sees the gap and asks for a snapshot.
     */
    private void resolve(Peer peer, long bit) {
        peer.dataResolvedSequence = lastDataSequence;
        pendingPeers &= ~bit;
    }

    // ---------------------------------------------------------------- inbound

    private void onBatch(BatchBuffer buffer, int length) {
        final MemorySegment segment = buffer.segment();
        rxBatch.wrap(segment);
        if (!rxBatch.isWellFormed(length)) {
            unattributedRejects.lazySet(unattributedRejects.get() + 1);
            return;
        }
        final Peer peer = peerById(rxBatch.originId());
        if (peer == null) {
            unattributedRejects.lazySet(unattributedRejects.get() + 1);
            return;
        }
        if (authenticator.verify(segment, buffer.byteBuffer(), length) != BatchAuthenticator.VALID) {
            peer.counters.add(PeerCounters.AUTH_FAILURES, 1);
            return;
        }
        final boolean data = rxBatch.kind() == ReplicationBatch.KIND_DATA;
        if (!data && rxBatch.destinationId() != nodeId) {
            peer.counters.add(PeerCounters.REPLAYS, 1);
            return;
        }
        final int count = rxBatch.recordCount();
        final SequenceWindow window = data ? peer.dataWindow : peer.controlWindow;
        final boolean hadGap = peer.dataWindow.hasGap();
        if (window.accept(rxBatch.incarnation(), rxBatch.firstSequence(), count) != SequenceWindow.ACCEPTED) {
            peer.counters.add(PeerCounters.REPLAYS, 1);
            return;
        }
        if (!hadGap && peer.dataWindow.hasGap()) {
            peer.counters.add(PeerCounters.GAPS, 1);
        }
        heard(peer, rxBatch.incarnation());
        peer.counters.add(PeerCounters.BATCHES_RECEIVED, 1);
        peer.counters.add(PeerCounters.BYTES_RECEIVED, length);
        peer.counters.add(PeerCounters.RECORDS_RECEIVED, count);
        hlc.update(rxBatch.timestamp());
        rxApplier.startBatch();
        for (int i = 0; i < count; i++) {
            rxRecord.wrap(segment, ReplicationBatch.recordOffset(i));
            if (rxRecord.version() != ReplicationRecord.CURRENT_VERSION) {
                continue;
            }
            if (!data) {
                applyControl(peer);
            } else if (appliers.length == 0) {
                rxApplier.applyData(rxRecord);
            } else {
                route(segment, ReplicationBatch.recordOffset(i), peer);
            }
        }
        handRouted();
        countApplied(peer);
    }

    /**
     * Transport batches this cycle may take: each can fill at most one {@link ApplyBatch} per applier, so no
     * more than the fewest free batches of any applier (a slow applier holds the stream back, losing nothing).
     */
    private int pollLimit() {
        int limit = POLL_LIMIT;
        for (SessionApplier applier : appliers) {
            limit = Math.min(limit, applier.freeBatches());
        }
        return limit;
    }

    private void route(MemorySegment batch, long offset, Peer peer) {
        final int index = table.segmentOfEncoded(batch, offset + ReplicationRecord.KEY_OFFSET) % appliers.length;
        if (routed[index] == null) {
            routed[index] = appliers[index].take(peer.index, readiness == Readiness.READY);
        }
        routed[index].add(batch, offset);
    }

    private void handRouted() {
        for (int i = 0; i < routed.length; i++) {
            if (routed[i] != null) {
                appliers[i].hand(routed[i]);
                routed[i] = null;
            }
        }
    }

    /**
     * Counts once per batch what this agent applied record by record. Lag only while READY: what a joining
     * dispatcher applies before its snapshot is catch-up, e.g. batches a peer's Aeron publication still held from
     * before this dispatcher's restart (written while it was down, sent when it came back: seconds old).
     */
    private void countApplied(Peer peer) {
        if (rxApplier.applied() > 0) {
            peer.counters.add(PeerCounters.RECORDS_APPLIED, rxApplier.applied());
        }
        if (readiness == Readiness.READY && rxApplier.oldestVersion() != Long.MAX_VALUE) {
            final long lag = epochClock.time() - HybridLogicalClock.physicalMillis(rxApplier.oldestVersion());
            peer.counters.set(PeerCounters.LAG_LAST_MILLIS, lag);
            peer.counters.max(PeerCounters.LAG_MAX_MILLIS, lag);
        }
    }

    private void heard(Peer peer, long peerIncarnation) {
        peer.lastHeardNs = nowNs;
        peer.state = PeerState.UP;
        if (peerIncarnation > peer.knownIncarnation) {
            if (peer.knownIncarnation != Long.MIN_VALUE) {
                onPeerRestarted(peer);
            }
            peer.knownIncarnation = peerIncarnation;
        }
    }

    private void onPeerRestarted(Peer restarted) {
        for (Peer peer : peers) {
            wantSnapshotFrom |= 1L << peer.index;
        }
        if (snapshotSource == restarted) {
            abandonSnapshot();
        }
        if (server.requester() == restarted) {
            server.finish();
        }
        restarted.readiness = Readiness.JOINING;
    }

    private void applyControl(Peer peer) {
        switch (rxRecord.type()) {
            case RecordType.HEARTBEAT -> onHeartbeat(peer);
            case RecordType.SNAPSHOT_REQUEST -> peer.requestedSnapshotId = rxRecord.snapshotId();
            case RecordType.SNAPSHOT_CHUNK -> onSnapshotChunk(peer);
            case RecordType.SNAPSHOT_END -> onSnapshotEnd(peer);
            default -> {
            }
        }
    }

    private void onHeartbeat(Peer peer) {
        final Readiness peerReadiness = rxRecord.readiness();
        if (peerReadiness != null) {
            peer.readiness = peerReadiness;
        }
        final boolean hadGap = peer.dataWindow.hasGap();
        peer.dataWindow.noteSent(rxBatch.incarnation(), rxRecord.lastDataSequence());
        if (!hadGap && peer.dataWindow.hasGap()) {
            peer.counters.add(PeerCounters.GAPS, 1);
        }
    }

    private void onSnapshotChunk(Peer peer) {
        rxApplier.applySnapshotChunk(rxRecord);
        if (peer == snapshotSource) {
            snapshotChunksReceived++;
            snapshotProgressNs = nowNs;
        }
    }

    private void onSnapshotEnd(Peer peer) {
        if (peer != snapshotSource || rxRecord.snapshotId() != awaitedSnapshotId) {
            return;
        }
        if (rxRecord.chunkCount() != snapshotChunksReceived) {
            abandonSnapshot();
            wantSnapshotFrom |= 1L << peer.index;
            return;
        }
        final Peer origin = peerById(rxRecord.watermarkOrigin());
        if (origin != null) {
            origin.dataWindow.cover(rxRecord.watermarkIncarnation(), rxRecord.watermarkSequence());
        }
        snapshotProgressNs = nowNs;
        if (++snapshotEndsReceived == rxRecord.endCount()) {
            peer.counters.add(PeerCounters.SNAPSHOTS_APPLIED, 1);
            snapshotSource = null;
            if (readiness == Readiness.SNAPSHOTTING) {
                readiness = Readiness.READY;
            }
        }
    }

    private void abandonSnapshot() {
        snapshotSource = null;
        if (readiness == Readiness.SNAPSHOTTING) {
            readiness = Readiness.JOINING;
        }
    }

    private Peer peerById(int id) {
        for (Peer peer : peers) {
            if (peer.id() == id) {
                return peer;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- snapshots served

    private int serveSnapshot() {
        if (!server.isServing() && !startServing()) {
            return 0;
        }
        final Peer requester = server.requester();
        if (requester.state == PeerState.DOWN) {
            server.finish();
            return 1;
        }
        int work = 0;
        int batches = 0;
        boolean copied = false;
        while (server.hasNext() && !requester.outboxSealed && batches < SNAPSHOT_BATCHES_PER_CYCLE) {
            if (requester.outboxCount == batchCapacity) {
                flushOutbox(requester);
                batches++;
                continue;
            }
            if (!server.hasRecordReady()) {
                if (copied) {
                    break;
                }
                server.copyNextSegment();
                copied = true;
                work++;
                continue;
            }
            final long sequence = controlSlot(requester);
            server.writeNext(txRecord, txKey, txEntry, nodeId, sequence, hlc.current());
            work++;
        }
        if (!server.hasNext()) {
            requester.counters.add(PeerCounters.SNAPSHOTS_SERVED, 1);
            server.finish();
        }
        return work;
    }

    private boolean startServing() {
        for (Peer peer : peers) {
            if (peer.requestedSnapshotId != 0) {
                server.start(peer, peer.requestedSnapshotId, table, watermarks, collectWatermarks());
                peer.requestedSnapshotId = 0;
                return true;
            }
        }
        return false;
    }

    /** This origin's own sequence, and each peer's stream this replicator holds without a hole. */
    private int collectWatermarks() {
        int count = 0;
        count = watermark(count, nodeId, incarnation, nextDataSequence - 1);
        for (Peer peer : peers) {
            final SequenceWindow window = peer.dataWindow;
            if (window.incarnation() != Long.MIN_VALUE && !window.hasGap()) {
                count = watermark(count, peer.id(), window.incarnation(), window.contiguous());
            }
        }
        return count;
    }

    private int watermark(int count, int origin, long originIncarnation, long sequence) {
        watermarks[3 * count] = origin;
        watermarks[3 * count + 1] = originIncarnation;
        watermarks[3 * count + 2] = sequence;
        return count + 1;
    }

    // ---------------------------------------------------------------- membership and readiness

    private int keepMembership() {
        int work = 0;
        for (Peer peer : peers) {
            if (peer.state == PeerState.UP && nowNs - peer.lastHeardNs > downAfterNs) {
                peer.state = PeerState.DOWN;
                if (snapshotSource == peer) {
                    abandonSnapshot();
                }
                peer.requestedSnapshotId = 0;
                work++;
            }
        }
        if (nowNs - nextHeartbeatNs >= 0) {
            nextHeartbeatNs = nowNs + heartbeatIntervalNs;
            for (Peer peer : peers) {
                if (!peer.outboxSealed && peer.outboxCount < batchCapacity) {
                    final long sequence = controlSlot(peer);
                    txRecord.reset(RecordType.HEARTBEAT, nodeId, sequence, hlc.now())
                        .heartbeat(peer.dataResolvedSequence, readiness);
                    work++;
                }
            }
        }
        return work;
    }

    private int advanceReadiness() {
        if (snapshotSource != null) {
            if (snapshotSource.state == PeerState.DOWN || nowNs - snapshotProgressNs > snapshotTimeoutNs) {
                final Peer stalled = snapshotSource;
                abandonSnapshot();
                if (readiness == Readiness.READY) {
                    wantSnapshotFrom |= 1L << stalled.index;
                }
                return 1;
            }
            return 0;
        }
        return switch (readiness) {
            case JOINING -> join();
            case READY -> repair();
            case SNAPSHOTTING -> 0;
        };
    }

    private int join() {
        if (peers.length == 0) {
            readiness = Readiness.READY;
            return 1;
        }
        for (Peer peer : peers) {
            if (peer.isUp() && peer.readiness == Readiness.READY && requestSnapshot(peer, 0)) {
                readiness = Readiness.SNAPSHOTTING;
                return 1;
            }
        }
        if (nowNs - startedNs >= joinTimeoutNs) {
            readiness = Readiness.READY;
            return 1;
        }
        return 0;
    }

    private int repair() {
        for (Peer peer : peers) {
            if (peer.isUp() && peer.dataWindow.hasGap() && requestSnapshot(peer, peer.id())) {
                return 1;
            }
        }
        for (Peer peer : peers) {
            final long bit = 1L << peer.index;
            if ((wantSnapshotFrom & bit) != 0 && peer.isUp() && requestSnapshot(peer, 0)) {
                wantSnapshotFrom &= ~bit;
                return 1;
            }
        }
        return 0;
    }

    private boolean requestSnapshot(Peer source, int gapOrigin) {
        if (source.outboxSealed || source.outboxCount == batchCapacity) {
            return false;
        }
        final long snapshotId = nextSnapshotId++;
        final long sequence = controlSlot(source);
        txRecord.reset(RecordType.SNAPSHOT_REQUEST, nodeId, sequence, hlc.now()).snapshotRequest(snapshotId, gapOrigin);
        snapshotSource = source;
        awaitedSnapshotId = snapshotId;
        snapshotChunksReceived = 0;
        snapshotEndsReceived = 0;
        snapshotProgressNs = nowNs;
        return true;
    }

    // ---------------------------------------------------------------- control outboxes

    /** Points {@link #txRecord} at the next free record of the peer's outbox and returns that record's sequence. */
    private long controlSlot(Peer peer) {
        final MemorySegment segment = peer.outbox.segment();
        if (peer.outboxCount == 0) {
            txBatch.wrap(segment).reset(ReplicationBatch.KIND_CONTROL, nodeId, peer.id(), incarnation, peer.nextControlSequence);
        }
        txRecord.wrap(segment, ReplicationBatch.recordOffset(peer.outboxCount));
        return peer.nextControlSequence + peer.outboxCount++;
    }

    private int flushOutboxes() {
        int work = 0;
        for (Peer peer : peers) {
            work += flushOutbox(peer);
        }
        return work;
    }

    private int flushOutbox(Peer peer) {
        if (!peer.outboxSealed) {
            if (peer.outboxCount == 0) {
                return 0;
            }
            txBatch.wrap(peer.outbox.segment()).recordCount(peer.outboxCount).timestamp(hlc.now());
            peer.outboxLength = ReplicationBatch.length(peer.outboxCount);
            authenticator.sign(peer.outbox.segment(), peer.outbox.byteBuffer(), peer.outboxLength);
            peer.outboxSealed = true;
        }
        final int result = transport.send(peer.index, peer.outbox, peer.outboxLength);
        if (result == ReplicationTransport.BACK_PRESSURED) {
            return 0;
        }
        if (result == ReplicationTransport.SENT) {
            peer.counters.add(PeerCounters.RECORDS_SENT, peer.outboxCount);
            peer.counters.add(PeerCounters.BATCHES_SENT, 1);
            peer.counters.add(PeerCounters.BYTES_SENT, peer.outboxLength);
        }
        peer.nextControlSequence += peer.outboxCount;
        peer.outboxCount = 0;
        peer.outboxSealed = false;
        return 1;
    }

    // ---------------------------------------------------------------- stats and lifecycle

    /** A copy of every counter; callable from any thread. */
    public ReplicationStats stats() {
        long dropped = 0;
        for (SessionChangeQueue queue : queues) {
            dropped += queue.droppedChanges();
        }
        final List<PeerStats> peerStats = new ArrayList<>(peers.length);
        for (Peer peer : peers) {
            long appliedElsewhere = 0;
            long lagElsewhere = 0;
            long lastLagElsewhere = 0;
            long lastLagAt = Long.MIN_VALUE;
            for (SessionApplier applier : appliers) {
                appliedElsewhere += applier.applied(peer.index);
                lagElsewhere = Math.max(lagElsewhere, applier.lagMaxMillis(peer.index));
                final long at = applier.lagLastAtMillis(peer.index);
                if (at > lastLagAt || at == lastLagAt && applier.lagLastMillis(peer.index) > lastLagElsewhere) {
                    lastLagAt = at;
                    lastLagElsewhere = applier.lagLastMillis(peer.index);
                }
            }
            peerStats.add(peer.counters.snapshot(peer.id(), peer.state, peer.readiness, appliedElsewhere, lagElsewhere,
                lastLagElsewhere));
        }
        return new ReplicationStats(nodeId, transport.name(), readiness, lastDataSequence,
            unattributedRejects.get(), dropped, List.copyOf(peerStats));
    }

    /** Closes the transport and frees the batch buffers; call after the agent has stopped. */
    @Override
    public void close() {
        CloseHelper.closeAll(transport, server, dataBatch);
        for (Peer peer : peers) {
            peer.close();
        }
    }
}
