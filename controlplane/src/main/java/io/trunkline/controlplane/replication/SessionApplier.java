package io.trunkline.controlplane.replication;

import io.trunkline.fastpath.sync.HybridLogicalClock;
import io.trunkline.fastpath.sync.SessionChangeListener;
import io.trunkline.store.SessionTable;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochClock;
import org.jctools.queues.SpscArrayQueue;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Applies, on a thread of its own, the peers' data records of the Chronicle segments it owns (those whose
 * index modulo the number of appliers is its index): the replicator verifies, orders and routes, this agent
 * does the Chronicle writes (most of a record's cost on the receiver). A key always maps to one segment and
 * so to one applier, and each applier takes its batches in the order the replicator routed them, so the
 * changes of one key are applied in the order they arrived; appliers never contend for a segment's lock.
 * <p>
 * Hand-off: {@code POOL} {@link ApplyBatch}es circulate between two JCTools SPSC queues, pending (producer:
 * the replicator; consumer: this agent) and free (producer: this agent; consumer: the replicator). The
 * replicator polls its transport only as far as every applier has a free batch for each batch it may
 * receive, so a slow applier back-pressures the transport instead of losing records.
 * <p>
 * The {@link SessionChangeListener} is called on this agent's thread: with several appliers it must accept
 * calls from several threads (the daemon's flow invalidation rings are multi-producer).
 */
final class SessionApplier implements Agent {
    /** Batches per applier: queue capacity, and an upper bound on what the replicator's poll may route to it. */
    static final int POOL = 64;
    private static final int BATCHES_PER_CYCLE = 16;

    private final int index;
    private final RecordApplier applier;
    private final EpochClock epochClock;
    private final SpscArrayQueue<ApplyBatch> pending = new SpscArrayQueue<>(POOL);
    private final SpscArrayQueue<ApplyBatch> free = new SpscArrayQueue<>(POOL);
    private final ReplicationRecord record = new ReplicationRecord();
    private final AtomicLongArray appliedByPeer;
    private final AtomicLongArray lagMaxMillisByPeer;
    private final AtomicLongArray lagLastMillisByPeer;
    private final AtomicLongArray lagLastAtMillisByPeer;

    SessionApplier(int index, SessionTable table, SessionChangeListener listener, EpochClock epochClock,
                   int peers, int recordsPerBatch) {
        this.index = index;
        this.applier = new RecordApplier(table, listener);
        this.epochClock = epochClock;
        this.appliedByPeer = new AtomicLongArray(peers);
        this.lagMaxMillisByPeer = new AtomicLongArray(peers);
        this.lagLastMillisByPeer = new AtomicLongArray(peers);
        this.lagLastAtMillisByPeer = new AtomicLongArray(peers);
        for (int i = 0; i < POOL; i++) {
            free.offer(new ApplyBatch(recordsPerBatch));
        }
    }

    @Override
    public String roleName() {
        return "replication-applier-" + index;
    }

    @Override
    public int doWork() {
        int work = 0;
        ApplyBatch batch;
        while (work < BATCHES_PER_CYCLE && (batch = pending.relaxedPoll()) != null) {
            apply(batch);
            free.offer(batch);
            work++;
        }
        return work;
    }

    private void apply(ApplyBatch batch) {
        applier.startBatch();
        for (int i = 0; i < batch.count(); i++) {
            applier.applyData(record.wrap(batch.records(), (long) i * ReplicationRecord.LENGTH));
        }
        final int peer = batch.peerIndex();
        if (applier.applied() > 0) {
            appliedByPeer.lazySet(peer, appliedByPeer.get(peer) + applier.applied());
        }
        if (batch.live() && applier.oldestVersion() != Long.MAX_VALUE) {
            final long now = epochClock.time();
            final long lag = now - HybridLogicalClock.physicalMillis(applier.oldestVersion());
            lagLastMillisByPeer.lazySet(peer, lag);
            lagLastAtMillisByPeer.lazySet(peer, now);
            if (lag > lagMaxMillisByPeer.get(peer)) {
                lagMaxMillisByPeer.lazySet(peer, lag);
            }
        }
    }

    // ---------------------------------------------------------------- the replicator's side

    /** Free batches the replicator may take now: from its thread, the only consumer, never more than there are. */
    int freeBatches() {
        return free.size();
    }

    /**
     * An empty batch for the records of the peer at {@code peerIndex}, {@code live} if their age is lag
     * ({@link ApplyBatch#reset}); only after {@link #freeBatches()} said one is there.
     */
    ApplyBatch take(int peerIndex, boolean live) {
        return free.relaxedPoll().reset(peerIndex, live);
    }

    /** Hands a filled batch over; never refused, since only the {@code POOL} batches circulate. */
    void hand(ApplyBatch batch) {
        pending.offer(batch);
    }

    // ---------------------------------------------------------------- stats, any thread

    long applied(int peerIndex) {
        return appliedByPeer.get(peerIndex);
    }

    long lagMaxMillis(int peerIndex) {
        return lagMaxMillisByPeer.get(peerIndex);
    }

    long lagLastMillis(int peerIndex) {
        return lagLastMillisByPeer.get(peerIndex);
    }

    /** When {@link #lagLastMillis} was measured (epoch ms), to take the newest of several appliers'. */
    long lagLastAtMillis(int peerIndex) {
        return lagLastAtMillisByPeer.get(peerIndex);
    }
}
