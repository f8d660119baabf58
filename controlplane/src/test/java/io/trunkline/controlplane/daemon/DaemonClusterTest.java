package io.trunkline.controlplane.daemon;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.controlplane.replication.ClusterKey;
import io.trunkline.controlplane.testing.TrunklineProcess;
import io.trunkline.fastpath.pcap.SyntheticTraffic;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two daemons replicating over UDP on loopback: the sessions one opens from its traffic appear in the
 * other's table (its metrics say so), and each sees the other up.
 */
class DaemonClusterTest {
    private static final int FLOWS = 300;

    @TempDir
    Path dir;
    private TestDispatcher a;
    private TestDispatcher b;

    @AfterEach
    void cleanUp() throws Exception {
        a.deleteFiles();
        b.deleteFiles();
    }

    @Test
    void sessionsOpenedOnOneDispatcherReachTheOther() throws Exception {
        Path key = ClusterKey.writeNew(dir.resolve("cluster.key"));
        int portA = TestDispatcher.freePort();
        int portB = TestDispatcher.freePort();
        a = new TestDispatcher(1, dir);
        b = new TestDispatcher(2, dir);
        Path in = dir.resolve("in.pcap");
        SyntheticTraffic.writeUdpCapture(in, FLOWS, FLOWS, 64);
        a.device = "net_pcap0,rx_pcap=" + in;
        a.replication = replication(portA, 2, portB, key, 0);
        b.replication = replication(portB, 1, portA, key, 2);

        try (TrunklineProcess daemonB = TrunklineProcess.start("run", "--config", b.writeConfig().toString());
             TrunklineProcess daemonA = TrunklineProcess.start("run", "--config", a.writeConfig().toString())) {
            daemonB.awaitOutput("started node=" + b.node, DaemonTest.START);
            daemonA.awaitOutput("started node=" + a.node, DaemonTest.START);
            daemonA.await("A's sessions opened", DaemonTest.START, () -> a.counter("sessions_new") == FLOWS);
            daemonB.await("A's sessions in B's table", DaemonTest.START, () -> metric(b, "trunkline_sessions " + FLOWS + ".0"));
            daemonB.await("A seen up by B", DaemonTest.START, () -> metric(b, "trunkline_replication_peer_up{peer=\"1\"} 1.0"));
            assertTrue(value(a.scrape(), "trunkline_replication_records_sent_total{peer=\"2\"}") >= FLOWS,
                    "A sent a record per session (and heartbeats)");
        }
    }

    private static double value(String metrics, String series) {
        return metrics.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1)))
                .findFirst().orElse(-1);
    }

    private static boolean metric(TestDispatcher dispatcher, String line) {
        try {
            return dispatcher.scrape().contains(line);
        } catch (Exception e) {
            return false;
        }
    }

    /** B applies on two applier threads, A on its replication thread: both ways reach the same table. */
    private static String replication(int listen, int peerId, int peerPort, Path key, int appliers) {
        return """
                replication:
                  listen: "127.0.0.1:%d"
                  peers: [{ id: %d, address: "127.0.0.1:%d" }]
                  cluster_key_file: %s
                  appliers: %d
                """.formatted(listen, peerId, peerPort, key, appliers);
    }
}
