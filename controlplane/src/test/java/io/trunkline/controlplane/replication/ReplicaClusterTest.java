package io.trunkline.controlplane.replication;

import io.trunkline.controlplane.FileTrees;
import io.trunkline.controlplane.replication.bench.NodeProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.DatagramSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Three dispatcher processes ({@link ReplicaNode}) replicating over Aeron UDP on loopback: sessions inserted
 * on all three then removed converge to identical tables; a node killed with SIGKILL under load and
 * restarted snapshots, becomes READY and converges; a sender without the cluster key changes nothing.
 * The session count is {@code -Dtrunkline.cluster.sessions} (default 200,000; the figure is 1,000,000).
 */
@Tag("cluster")
class ReplicaClusterTest {
    private static final int SESSIONS = Integer.getInteger("trunkline.cluster.sessions", 200_000);
    private static final long CAPACITY = SESSIONS * 2L + 100_000;

    private final List<Replica> replicas = new ArrayList<>();
    private Path directory;

    /** One node: its arguments, kept for a restart on the same table, and its current child JVM. */
    private final class Replica {
        final int id;
        final List<String> args;
        final String aeronDirectory;
        NodeProcess process;

        Replica(int id, int port, String peers, Path keyFile) {
            this.id = id;
            this.aeronDirectory = "/dev/shm/trunkline-aeron-test-" + ProcessHandle.current().pid() + "-" + id + "-" + port;
            this.args = List.of(Integer.toString(id), Integer.toString(port), peers, keyFile.toString(),
                directory.resolve("sessions-" + id + "-" + port).toString(), aeronDirectory, Long.toString(CAPACITY));
            replicas.add(this);
        }

        Replica start(boolean recover) throws IOException {
            final List<String> nodeArgs = new ArrayList<>(args);
            nodeArgs.add(Boolean.toString(recover));
            final List<String> command = NodeProcess.javaCommand(a -> !a.startsWith("-agentlib") && !a.startsWith("-javaagent"),
                List.of("-Xmx512m"), ReplicaNode.class, nodeArgs);
            process = NodeProcess.start("node " + id, command, directory.resolve("node-" + id + ".err"));
            return this;
        }

        void send(String command) {
            process.send(command);
        }

        String answer(long timeoutSeconds) throws InterruptedException {
            return process.next(timeoutSeconds);
        }

        String ask(String command) throws InterruptedException {
            return process.ask(command, 120);
        }

        void kill() throws InterruptedException {
            process.kill();
            process.awaitExit(10);
        }
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (Replica replica : replicas) {
            if (replica.process != null && replica.process.isAlive()) {
                replica.kill();
            }
            FileTrees.delete(Path.of(replica.aeronDirectory));
        }
        if (directory != null) {
            FileTrees.delete(directory);
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private Path keyFile(String name) throws IOException {
        return ClusterKey.writeNew(directory.resolve(name));
    }

    private void awaitReady(Replica replica) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            if (replica.ask("readiness").equals("READY")) {
                return;
            }
            Thread.sleep(100);
        }
        fail("node " + replica.id + " never became READY");
    }

    /** Waits until every node holds {@code expected} live sessions, then compares their dumps line by line. */
    private void awaitConvergence(List<Replica> nodes, long expected) throws Exception {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            boolean all = true;
            for (Replica node : nodes) {
                all &= Long.parseLong(node.ask("live")) == expected;
            }
            if (all) {
                break;
            }
            if (System.nanoTime() > deadline) {
                final StringBuilder counts = new StringBuilder();
                for (Replica node : nodes) {
                    counts.append(" node ").append(node.id).append('=').append(node.ask("live"))
                        .append(' ').append(node.ask("stats"));
                }
                fail("no convergence to " + expected + " live sessions:" + counts);
            }
            Thread.sleep(200);
        }
        List<String> reference = null;
        for (Replica node : nodes) {
            final Path dump = directory.resolve("dump-" + node.id);
            assertEquals("ok " + expected, node.ask("dump " + dump));
            final List<String> lines = Files.readAllLines(dump);
            if (reference == null) {
                reference = lines;
            } else {
                assertEquals(reference, lines, "node " + node.id + " differs from node " + nodes.getFirst().id);
            }
        }
    }

    private static long millis(String answer) {
        return Long.parseLong(answer.substring("ok ".length()));
    }

    @Test
    void threeDispatchersConvergeSurviveAKillAndIgnoreForgers() throws Exception {
        directory = Files.createTempDirectory("trunkline-cluster");
        final Path key = keyFile("cluster.key");
        final int[] ports = {freeUdpPort(), freeUdpPort(), freeUdpPort()};
        final List<Replica> nodes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            final StringBuilder peers = new StringBuilder();
            for (int j = 0; j < 3; j++) {
                if (j != i) {
                    peers.append(peers.isEmpty() ? "" : ",").append(j + 1).append("@127.0.0.1:").append(ports[j]);
                }
            }
            nodes.add(new Replica(i + 1, ports[i], peers.toString(), key).start(false));
        }
        for (Replica node : nodes) {
            awaitReady(node);
        }

        final int third = SESSIONS / 3;
        final long insertStart = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            nodes.get(i).send("insert " + i * third + " " + third);
        }
        for (Replica node : nodes) {
            millis(node.answer(300));
        }
        awaitConvergence(nodes, 3L * third);
        final long insertMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - insertStart);
        System.out.printf("cluster: %d inserts on 3 nodes converged in %d ms: %.0f records/s replicated into each table%n",
            3L * third, insertMillis, 3.0 * third * 1000 / Math.max(1, insertMillis));

        // each node removes half of the next node's sessions: removals cross origins
        final int half = third / 2;
        for (int i = 0; i < 3; i++) {
            nodes.get(i).send("remove " + ((i + 1) % 3) * third + " " + half);
        }
        for (Replica node : nodes) {
            millis(node.answer(300));
        }
        final long live = 3L * third - 3L * half;
        awaitConvergence(nodes, live);

        // SIGKILL node 3 while nodes 1 and 2 insert, restart it on its table file
        final int more = Math.max(3, SESSIONS / 10);
        final int base = SESSIONS;
        nodes.get(0).send("insert " + base + " " + more);
        nodes.get(1).send("insert " + (base + more) + " " + more);
        Thread.sleep(200);
        final Replica third3 = nodes.get(2);
        third3.kill();
        millis(nodes.get(0).answer(300));
        millis(nodes.get(1).answer(300));
        third3.start(true);
        awaitReady(third3);
        awaitConvergence(nodes, live + 2L * more);
        final String stats3 = third3.ask("stats");
        assertTrue(stats3.contains("readiness=READY"), stats3);
        System.out.println("cluster: node 3 after restart: " + stats3);

        // a sender with another key, posing as node 1, on its own port
        final Path otherKey = keyFile("other.key");
        final Replica forger = new Replica(1, freeUdpPort(), "2@127.0.0.1:" + ports[1] + ",3@127.0.0.1:" + ports[2], otherKey).start(false);
        assertTrue(millis(forger.ask("insert " + (base + 2 * more) + " 1000")) >= 0);
        Thread.sleep(1_000);
        forger.send("exit");
        awaitConvergence(nodes, live + 2L * more);
        for (Replica node : List.of(nodes.get(1), nodes.get(2))) {
            final String stats = node.ask("stats");
            final int at = stats.indexOf("PeerStats[peerId=1,");
            final String peer1 = stats.substring(at, stats.indexOf(']', at));
            final long authFailures = Long.parseLong(peer1.replaceAll(".*authFailures=(\\d+).*", "$1"));
            assertTrue(authFailures > 0, "forged batches counted as auth failures: " + peer1);
        }
        for (Replica node : nodes) {
            node.send("exit");
            node.process.awaitExit(30);
        }
    }
}
