package io.trunkline.controlplane.replication;

import io.trunkline.fastpath.sync.SessionChangeListener;
import io.trunkline.fastpath.sync.SessionChangeQueue;
import io.trunkline.store.FlowKey;
import io.trunkline.store.SessionEntry;
import io.trunkline.store.SessionState;
import io.trunkline.store.SessionTable;
import io.trunkline.store.SessionTableConfig;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.SystemEpochClock;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * A dispatcher reduced to its table and its replication, driven over stdin by {@link ReplicaClusterTest}:
 * one command per line, one answer line per command, prefixed with {@code "> "} (anything else on stdout
 * is a library talking). The command thread plays the fast-path worker: it writes the table and offers
 * each change to its sync queue, spinning while the queue is full so that the test loses nothing.
 * <pre>
 *   insert FROM COUNT   sessions FROM .. FROM+COUNT-1, this node as origin  -> "> ok MILLIS"
 *   remove FROM COUNT   tombstones for them                                  -> "> ok MILLIS"
 *   readiness                                                                -> "> READY"
 *   live                                                                     -> "> COUNT" (live sessions)
 *   dump PATH           live sessions as sorted text                         -> "> ok COUNT"
 *   stats                                                                    -> "> ReplicationStats[...]"
 *   exit
 * </pre>
 * Arguments: {@code id port peers(id@host:port,...) keyFile tableFile aeronDirectory capacity recover}.
 */
public final class ReplicaNode {
    private static final int VIP = 0xC6130001;

    private ReplicaNode() {
    }

    /** The flow key of test session {@code i}: clients from 198.18.0.0/16, one VIP. */
    static FlowKey key(FlowKey into, int i) {
        return into.ipv4(FlowKey.PROTOCOL_TCP, 0xC6120000 + i / 50_000, 1024 + i % 50_000, VIP, 80);
    }

    public static void main(String[] args) throws Exception {
        final int id = Integer.parseInt(args[0]);
        final ReplicationContext context = new ReplicationContext()
            .self(new PeerEndpoint(id, "127.0.0.1", Integer.parseInt(args[1])))
            .key(ClusterKey.load(Path.of(args[3]), 1))
            .aeronDirectory(args[5]);
        for (String peer : args[2].split(",")) {
            context.peer(PeerEndpoint.parse(peer));
        }
        context.conclude();
        final PrintStream out = System.out;
        final SessionTable table = SessionTable.open(new SessionTableConfig(Path.of(args[4]), Long.parseLong(args[6]),
            SessionTableConfig.DEFAULT_MAX_BLOAT_FACTOR, Boolean.parseBoolean(args[7])));
        final SessionChangeQueue queue = new SessionChangeQueue(1 << 22);
        final Replicator replicator = new Replicator(context, table, ReplicationTransports.open(context), List.of(queue),
            SessionChangeListener.NONE);
        final AgentRunner runner = new AgentRunner(new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(1),
            TimeUnit.MICROSECONDS.toNanos(100)), Throwable::printStackTrace, null, replicator);
        AgentRunner.startOnThread(runner);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            final FlowKey key = new FlowKey();
            final SessionEntry entry = new SessionEntry();
            String line;
            while ((line = in.readLine()) != null && !line.equals("exit")) {
                final String[] words = line.split(" ");
                final long start = System.nanoTime();
                final String answer = switch (words[0]) {
                    case "insert" -> {
                        final int from = Integer.parseInt(words[1]);
                        for (int i = from, end = from + Integer.parseInt(words[2]); i < end; i++) {
                            final long now = SystemEpochClock.INSTANCE.time();
                            entry.backendId(i % 16).state(SessionState.OPENING).createdMillis(now).lastSeenMillis(now)
                                .originId(id).version(context.hybridClock().now());
                            table.put(key(key, i), entry);
                            while (!queue.offerUpsert(key, entry)) {
                                Thread.onSpinWait();
                            }
                        }
                        yield "ok " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                    }
                    case "remove" -> {
                        final int from = Integer.parseInt(words[1]);
                        for (int i = from, end = from + Integer.parseInt(words[2]); i < end; i++) {
                            final long version = context.hybridClock().now();
                            table.tombstoneIfNewer(key(key, i), version, id);
                            while (!queue.offerRemove(key, version)) {
                                Thread.onSpinWait();
                            }
                        }
                        yield "ok " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                    }
                    case "readiness" -> replicator.readiness().name();
                    case "live" -> Long.toString(liveCount(table));
                    case "dump" -> "ok " + dump(table, Path.of(words[1]));
                    case "stats" -> replicator.stats().toString();
                    default -> "unknown command " + words[0];
                };
                out.println("> " + answer);
                out.flush();
            }
        } finally {
            runner.close();
            CloseHelper.closeAll(replicator, queue, table);
        }
    }

    private static long liveCount(SessionTable table) {
        final long[] count = {0};
        table.forEach((k, v) -> {
            if (!v.isTombstone()) {
                count[0]++;
            }
        });
        return count[0];
    }

    private static int dump(SessionTable table, Path file) throws Exception {
        final TreeSet<String> lines = new TreeSet<>();
        table.forEach((k, v) -> {
            if (!v.isTombstone()) {
                lines.add(k + " backend=" + v.backendId() + " origin=" + v.originId() + " version=" + v.version());
            }
        });
        try (PrintWriter writer = new PrintWriter(Files.newBufferedWriter(file))) {
            lines.forEach(writer::println);
        }
        return new ArrayList<>(lines).size();
    }
}
