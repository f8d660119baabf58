package io.trunkline.bench;

import io.trunkline.bindings.dpdk.Eal;
import io.trunkline.bindings.dpdk.EthDev;
import io.trunkline.bindings.dpdk.MbufPool;
import io.trunkline.fastpath.counters.CounterLayout;
import io.trunkline.fastpath.counters.CountersFile;
import io.trunkline.fastpath.flow.FlowInvalidations;
import io.trunkline.fastpath.forward.ReplayForwarding;
import io.trunkline.fastpath.packet.Headers;
import io.trunkline.fastpath.pcap.SyntheticTraffic;
import io.trunkline.fastpath.select.Backend;
import io.trunkline.fastpath.select.Policy;
import io.trunkline.fastpath.select.SelectionSnapshot;
import io.trunkline.fastpath.select.SelectionTable;
import io.trunkline.fastpath.sync.SessionChangeQueue;
import io.trunkline.fastpath.timer.Timeouts;
import io.trunkline.fastpath.worker.DispatchWorker;
import io.trunkline.fastpath.worker.DropReasons;
import io.trunkline.fastpath.worker.ForwardingMode;
import io.trunkline.fastpath.worker.ForwardingTable;
import io.trunkline.fastpath.worker.ForwardingTables;
import io.trunkline.fastpath.worker.WorkerResources;
import io.trunkline.store.SessionTable;
import io.trunkline.store.SessionTableConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.SystemNanoClock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The dispatch worker's whole per-packet path on real DPDK: a net_pcap port replaying established
 * UDP flows to a DSR VIP (rx burst, parse, VIP, flow cache, rewrite, tx burst, counters). One
 * operation is one packet of a full 32-packet burst; -prof gc reports the allocation per packet,
 * which must be 0 B/op. Needs root (the EAL runs with anonymous memory, no hugepages).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DispatchWorkerBenchmark {
    private static final String PORT = "net_pcap_jmh";

    @Param({"16384"})
    int flows;

    private Path dir;
    private SessionTable sessions;
    private CountersFile counters;
    private SessionChangeQueue changes;
    private MbufPool pool;
    private DispatchWorker worker;
    private int port;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("trunkline-jmh-");
        Path capture = dir.resolve("replay.pcap");
        SyntheticTraffic.writeUdpCapture(capture, flows, flows, 64);
        Eal.init(List.of("-l", "0", "--no-pci", "--no-huge", "-m", "1024", "--no-shconf", "--no-telemetry",
                "--file-prefix", "trunkline-jmh-" + ProcessHandle.current().pid(), "--log-level", "lib.eal:error"));
        Eal.probeDevice(PORT + ",rx_pcap=" + capture + ",infinite_rx=1");
        port = EthDev.portByName(PORT);
        pool = MbufPool.create("jmh", flows + 8192, 256, ReplayForwarding.dataRoom(64), 0);
        EthDev.configure(port, EthDev.PortConfig.queues(1), pool);
        EthDev.start(port);
        sessions = SessionTable.open(new SessionTableConfig(Path.of("/dev/shm", "trunkline-jmh-sessions-" + ProcessHandle.current().pid()), 2L * flows));
        CounterLayout layout = new CounterLayout(1, 1, 4, DropReasons.names());
        counters = CountersFile.create(dir.resolve("counters"), layout, 1);
        changes = new SessionChangeQueue(1 << 20);
        worker = new DispatchWorker(new WorkerResources(new int[] {port}, new long[] {SyntheticTraffic.DISPATCHER_MAC}, 0,
                new ForwardingTables(table()), sessions, changes, new FlowInvalidations(1024), counters.worker(0), layout,
                Timeouts.DEFAULT, 1, new SystemNanoClock(), SystemEpochClock.INSTANCE, 1 << 16, 4, 4 * flows, 1500));
        for (int i = 0; i < flows; i++) {
            worker.doWork(); // the first pass opens every session; the benchmark measures established flows
        }
    }

    @Benchmark
    @OperationsPerInvocation(DispatchWorker.BURST)
    public int established() {
        return worker.doWork();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        worker.onClose();
        EthDev.stop(port);
        EthDev.close(port);
        Eal.removeVirtualDevice(PORT);
        pool.close();
        Eal.cleanup();
        Path file = sessions.file();
        sessions.close();
        Files.deleteIfExists(file);
        counters.close();
        changes.close();
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    private static ForwardingTable table() {
        List<Backend> backends = new ArrayList<>();
        ForwardingTable.Builder table = ForwardingTable.builder().version(1);
        for (int id = 0; id < 4; id++) {
            backends.add(new Backend(id, "backend-" + id, 1));
            table.target(new ForwardingTable.Target(id, 0x02_00_00_00_10_00L | id, 0, ForwardingTable.ipv4Low(0xC6120310 + id), 80),
                    Headers.PROTOCOL_UDP, -1);
        }
        return table.selection(SelectionSnapshot.empty().with(0, SelectionTable.build(Policy.MAGLEV, backends, SelectionTable.tableSizeFor(4))))
                .vip(new ForwardingTable.Vip(0, "bench", Headers.PROTOCOL_UDP, 0, ForwardingTable.ipv4Low(SyntheticTraffic.VIP), 80, ForwardingMode.DSR))
                .build();
    }
}
