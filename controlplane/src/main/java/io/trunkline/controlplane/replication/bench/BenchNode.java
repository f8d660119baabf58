package io.trunkline.controlplane.replication.bench;

import io.trunkline.controlplane.replication.ClusterKey;
import io.trunkline.controlplane.replication.PeerEndpoint;
import io.trunkline.controlplane.replication.PeerState;
import io.trunkline.controlplane.replication.PeerStats;
import io.trunkline.controlplane.replication.Readiness;
import io.trunkline.controlplane.replication.ReplicationContext;
import io.trunkline.controlplane.replication.ReplicationTransports;
import io.trunkline.controlplane.replication.Replicator;
import io.trunkline.fastpath.sync.SessionChangeOp;
import io.trunkline.fastpath.sync.SessionChangeQueue;
import io.trunkline.store.FlowKey;
import io.trunkline.store.SessionEntry;
import io.trunkline.store.SessionState;
import io.trunkline.store.SessionTable;
import io.trunkline.store.SessionTableConfig;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.agrona.CloseHelper;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SystemEpochClock;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * One dispatcher of the replication bench ({@link ReplicationBench} starts two): a real {@link Replicator}
 * over the configured transport and a Chronicle {@link SessionTable}, driven over stdin, one command a
 * line, one answer line a command prefixed {@code "> "}.
 * <p>
 * The sender's command thread plays a fast-path worker: it fills a {@link SessionChangeQueue} with
 * upserts of numbered sessions ({@link BenchKeys}), stamping each one's insert time in {@link SendTimes}
 * first. The receiver's replicator tells every applied change to a listener that looks up the stamp
 * of the session it applied and records {@code now - stamp} in an HdrHistogram {@link Recorder}.
 * <pre>
 *   ready TIMEOUT_S          READY and the peer UP                      -> "ok" | "timeout ..."
 *   readiness                                                           -> "READY" | ...
 *   burst FROM COUNT         sessions FROM.. as fast as the queue takes -> "ok NANOS"
 *   paced FROM COUNT RATE    at RATE/s; each stamped with its schedule  -> "ok NANOS late_p99_ns=.."
 *   preload COUNT            sessions 0.. into the table, not replicated -> "ok MILLIS"
 *   await FROM COUNT TIMEOUT_S  receiver: COUNT stamped sessions applied -> "elapsed_ns=.. p50_ns=.. p99_ns=.. max_ns=.."
 *   await-snapshot TIMEOUT_S    receiver: from SNAPSHOTTING to READY    -> "snapshot_ms=.. applied=.."
 *   cycle                    longest duty cycle since the last ask      -> "max_cycle_us=.."
 *   stats | exit
 * </pre>
 * Arguments: {@code key=value} pairs: id, port, peer (id@host:port), key (file), table (file),
 * aeron (directory), capacity, times (file), sessions, mtu, flush-us, appliers.
 */
public final class BenchNode {
    private final int id;
    private final int peerId;
    private final ReplicationContext context;
    private final SessionTable table;
    private final SessionChangeQueue queue = new SessionChangeQueue(1 << 22);
    private final SendTimes times;
    private final Recorder latencies = new Recorder(TimeUnit.SECONDS.toNanos(60), 3);
    private final LongAdder stampedApplied = new LongAdder();
    private final LongAdder applied = new LongAdder();
    private final LongAccumulator lastApplyNs = new LongAccumulator(Math::max, 0);
    private final AtomicLong longestCycleNs = new AtomicLong();
    private final FlowKey key = new FlowKey();
    private final SessionEntry entry = new SessionEntry();
    private final IdleStrategy queueFull = new BackoffIdleStrategy(1, 1, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(20));
    private Replicator replicator;
    private final List<AgentRunner> runners = new ArrayList<>();
    private long phaseBase;

    private BenchNode(Map<String, String> args) {
        this.id = Integer.parseInt(args.get("id"));
        final PeerEndpoint peer = PeerEndpoint.parse(args.get("peer"));
        this.peerId = peer.id();
        this.context = new ReplicationContext()
            .self(new PeerEndpoint(id, "127.0.0.1", Integer.parseInt(args.get("port"))))
            .peer(peer)
            .key(ClusterKey.load(Path.of(args.get("key")), 1))
            .aeronDirectory(args.get("aeron"))
            .mtu(Integer.parseInt(args.get("mtu")))
            .flushDelayNs(TimeUnit.MICROSECONDS.toNanos(Long.parseLong(args.get("flush-us"))))
            .appliers(Integer.parseInt(args.get("appliers")))
            .conclude();
        this.table = SessionTable.open(new SessionTableConfig(Path.of(args.get("table")), Long.parseLong(args.get("capacity"))));
        this.times = new SendTimes(Path.of(args.get("times")), Integer.parseInt(args.get("sessions")));
    }

    public static void main(String[] argv) throws Exception {
        final Map<String, String> args = new HashMap<>();
        for (String arg : argv) {
            final int eq = arg.indexOf('=');
            args.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        final BenchNode node = new BenchNode(args);
        try {
            node.start();
            node.serve();
        } finally {
            node.close();
        }
    }

    private void start() {
        replicator = new Replicator(context, table, ReplicationTransports.open(context), List.of(queue), this::onApplied);
        final Agent timed = new TimedAgent(replicator, longestCycleNs);
        for (Agent applier : replicator.appliers()) {
            run(applier);
        }
        run(timed);
    }

    private void run(Agent agent) {
        final AgentRunner runner = new AgentRunner(new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(1),
            TimeUnit.MICROSECONDS.toNanos(100)), Throwable::printStackTrace, null, agent);
        runners.add(runner);
        AgentRunner.startOnThread(runner);
    }

    /** On the replicator's thread, or on the appliers' threads when there are any, for every change applied. */
    private void onApplied(SessionChangeOp op, FlowKey applied) {
        final long now = System.nanoTime();
        this.applied.increment();
        final long sentAt = times.sentAt(BenchKeys.index(applied));
        if (sentAt != 0) {
            latencies.recordValue(Math.max(0, now - sentAt));
            lastApplyNs.accumulate(now);
            stampedApplied.increment();
        }
    }

    private void serve() throws Exception {
        System.out.println("> started");
        System.out.flush();
        final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null && !line.equals("exit"); ) {
            final String[] words = line.split(" ");
            final String answer = switch (words[0]) {
                case "ready" -> awaitReady(Long.parseLong(words[1]));
                case "readiness" -> replicator.readiness().name();
                case "burst" -> "ok " + burst(Integer.parseInt(words[1]), Integer.parseInt(words[2]));
                case "paced" -> paced(Integer.parseInt(words[1]), Integer.parseInt(words[2]), Long.parseLong(words[3]));
                case "preload" -> "ok " + preload(Integer.parseInt(words[1]));
                case "await" -> await(Integer.parseInt(words[1]), Integer.parseInt(words[2]), Long.parseLong(words[3]));
                case "await-snapshot" -> awaitSnapshot(Long.parseLong(words[1]));
                case "cycle" -> "max_cycle_us=" + TimeUnit.NANOSECONDS.toMicros(longestCycleNs.getAndSet(0));
                case "stats" -> replicator.stats().toString();
                default -> "unknown command " + words[0];
            };
            System.out.println("> " + answer);
            System.out.flush();
        }
    }

    private String awaitReady(long timeoutSeconds) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (System.nanoTime() < deadline) {
            final PeerStats peer = replicator.stats().peer(peerId);
            if (replicator.readiness() == Readiness.READY && peer != null && peer.state() == PeerState.UP) {
                return "ok";
            }
            Thread.sleep(10);
        }
        return "timeout " + replicator.stats();
    }

    private SessionEntry session(int index) {
        final long now = SystemEpochClock.INSTANCE.time();
        return entry.backendId(index & 15).state(SessionState.OPENING).createdMillis(now).lastSeenMillis(now)
            .originId(id).version(context.hybridClock().now());
    }

    private void offer(int index, long stamp) {
        BenchKeys.key(key, index);
        session(index);
        times.stamp(index, stamp);
        queueFull.reset();
        while (!queue.offerUpsert(key, entry)) {
            queueFull.idle();
        }
    }

    private long burst(int from, int count) {
        final long start = System.nanoTime();
        for (int i = from, end = from + count; i < end; i++) {
            offer(i, System.nanoTime());
        }
        return System.nanoTime() - start;
    }

    /**
     * Offers at {@code rate}/s; a session is stamped with the time it was due, so a late sender shows as latency.
     * Also answers how late this thread itself offered (p99): on a shared machine the stand-in worker is
     * descheduled too, which a worker on its own core would not be.
     */
    private String paced(int from, int count, long rate) {
        final Histogram late = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        final long start = System.nanoTime();
        int next = from;
        final int end = from + count;
        while (next < end) {
            final long due = start + (next - from) * TimeUnit.SECONDS.toNanos(1) / rate;
            final long now = System.nanoTime();
            if (now >= due) {
                late.recordValue(now - due);
                offer(next++, due);
            } else {
                LockSupport.parkNanos(due - now);
            }
        }
        return "ok " + (System.nanoTime() - start) + " late_p99_ns=" + late.getValueAtPercentile(99);
    }

    private long preload(int count) {
        final long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            table.put(BenchKeys.key(key, i), session(i));
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private String await(int from, int count, long timeoutSeconds) throws InterruptedException {
        final long target = phaseBase + count;
        phaseBase = target;
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (stampedApplied.sum() < target && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        final Histogram histogram = latencies.getIntervalHistogram();
        final long got = histogram.getTotalCount();
        if (got < count) {
            return "missing " + (count - got) + " of " + count + " " + replicator.stats();
        }
        return "elapsed_ns=" + (lastApplyNs.get() - times.sentAt(from))
            + " p50_ns=" + histogram.getValueAtPercentile(50)
            + " p99_ns=" + histogram.getValueAtPercentile(99)
            + " max_ns=" + histogram.getMaxValue();
    }

    private String awaitSnapshot(long timeoutSeconds) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        long requestedNs = 0;
        while (System.nanoTime() < deadline) {
            final Readiness readiness = replicator.readiness();
            if (readiness == Readiness.SNAPSHOTTING && requestedNs == 0) {
                requestedNs = System.nanoTime();
            } else if (readiness == Readiness.READY && requestedNs != 0) {
                return "snapshot_ms=" + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - requestedNs) + " applied=" + applied.sum();
            }
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(100));
        }
        return "timeout " + replicator.stats();
    }

    private void close() {
        CloseHelper.closeAll(runners);
        CloseHelper.closeAll(replicator, queue, times, table);
    }

    /** Runs the replicator's duty cycle and keeps the longest one, to show that no cycle does unbounded work. */
    private record TimedAgent(Agent agent, AtomicLong longestNs) implements Agent {
        @Override
        public int doWork() throws Exception {
            final long start = System.nanoTime();
            final int work = agent.doWork();
            final long took = System.nanoTime() - start;
            if (took > longestNs.get()) {
                longestNs.lazySet(took);
            }
            return work;
        }

        @Override
        public String roleName() {
            return agent.roleName();
        }
    }
}
