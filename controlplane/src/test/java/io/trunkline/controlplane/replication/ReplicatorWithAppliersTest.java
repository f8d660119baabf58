package io.trunkline.controlplane.replication;

import org.agrona.CloseHelper;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every {@link ReplicatorTest} scenario again with two appliers per replicator (stepped after each replicator
 * cycle), and the appliers on threads of their own: each key's changes applied in order by one thread.
 */
class ReplicatorWithAppliersTest extends ReplicatorTest {
    @Override
    int appliers() {
        return 2;
    }

    @Test
    void aSlowApplierHoldsTheStreamBackAndLosesNothing() {
        final Node a = node(A, B);
        final Node b = node(B, A);
        settle();
        final int sessions = 3 * SessionApplier.POOL * ReplicationBatch.capacity(ReplicationContext.DEFAULT_MAX_BATCH_LENGTH);
        for (int i = 0; i < sessions; i++) {
            a.insert(i);
        }
        for (int round = 0; round < 1_000; round++) {
            a.replicator.doWork();
            b.replicator.doWork();
            nanoClock.advance(TimeUnit.MICROSECONDS.toNanos(25));
        }
        assertEquals(0, b.peerStats().recordsApplied(), "the appliers have not run");
        assertTrue(b.transport.undelivered() > 0, "the replicator stopped taking batches once an applier had no free batch");

        settle();
        assertEquals(sessions, b.peerStats().recordsApplied());
        assertEquals(a.dump(), b.dump());
        assertEquals(0, b.peerStats().gaps());
    }

    @Test
    void appliersOnTheirOwnThreadsApplyEveryKeysChangesInOrderOnOneThread() throws InterruptedException {
        final Node a = node(A, B);
        final Node b = node(B, A);
        settle();
        final int keys = 300;
        final int versions = 20;
        final List<AgentRunner> runners = new ArrayList<>();
        try {
            for (Agent applier : b.replicator.appliers()) {
                final AgentRunner runner = new AgentRunner(new SleepingIdleStrategy(TimeUnit.MICROSECONDS.toNanos(50)),
                    Throwable::printStackTrace, null, applier);
                runners.add(runner);
                AgentRunner.startOnThread(runner);
            }
            for (int v = 0; v < versions; v++) {
                for (int i = 0; i < keys; i++) {
                    a.insert(i);
                }
            }
            for (int i = 0; i < keys; i += 3) {
                a.remove(i);
            }
            final long records = (long) keys * versions + (keys + 2) / 3;
            // Bounded by rounds, not by time: each round lets the applier threads run for a millisecond.
            for (int round = 0; round < 30_000 && b.peerStats().recordsApplied() < records; round++) {
                a.replicator.doWork();
                b.replicator.doWork();
                nanoClock.advance(TimeUnit.MICROSECONDS.toNanos(25));
                Thread.sleep(0, 100_000);
            }

            // A change applied out of its key's order would have lost last-writer-wins to the newer one and not count.
            assertEquals(records, b.peerStats().recordsApplied(), "every version of every key won, so each key's order was kept");
            assertEquals(a.dump(), b.dump());
            final Set<String> threads = new HashSet<>();
            b.threadsByKey.forEach((key, told) -> {
                assertEquals(1, told.size(), "one thread applies key " + key + ": " + told);
                threads.addAll(told);
            });
            assertEquals(keys, b.threadsByKey.size());
            assertEquals(Set.of("replication-applier-0", "replication-applier-1"), threads);
        } finally {
            CloseHelper.closeAll(runners);
        }
    }
}
