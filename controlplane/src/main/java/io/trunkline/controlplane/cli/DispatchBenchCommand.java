package io.trunkline.controlplane.cli;

import io.trunkline.bindings.dpdk.Eal;
import io.trunkline.fastpath.counters.CounterLayout;
import io.trunkline.fastpath.counters.CountersFile;
import io.trunkline.fastpath.flow.FlowInvalidations;
import io.trunkline.fastpath.forward.ReplayEngine;
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
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.SystemNanoClock;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code trunkline bench dispatch}: the dispatcher's own worker on one core. The synthetic capture's
 * flows (UDP to the VIP 198.19.0.1:80, DSR over four backends by Maglev) replay forever: the first
 * pass opens a session per flow in a fresh session table, later passes are established flows served
 * by the flow cache. Prints Mpps each second, as {@code demo} does.
 */
@Command(name = "dispatch", description = "Replay a capture through the dispatch worker (sessions, flow cache, Maglev, DSR) and print Mpps.")
final class DispatchBenchCommand implements Runnable {
    private static final int BACKENDS = 4;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ReplayOptions options;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        Path replay = options.replay();
        int flows = options.flows;
        long pid = ProcessHandle.current().pid();
        Path tableFile = Path.of("/dev/shm", "trunkline-bench-sessions-" + pid);
        Path countersPath = Path.of("/dev/shm", "trunkline-bench-counters-" + pid);
        CounterLayout layout = new CounterLayout(1, 1, BACKENDS, DropReasons.names());
        ReplayRun.startEal(options.lcore, "bench");
        try (SessionTable sessions = SessionTable.open(new SessionTableConfig(tableFile, Math.max(2L * flows, 1024)));
             CountersFile counters = CountersFile.create(countersPath, layout, 1);
             SessionChangeQueue changes = new SessionChangeQueue(1 << 20)) {
            out.printf("trunkline bench dispatch: %d flows of %d-byte UDP frames to a DSR VIP over %d backends, lcore %d%n",
                    flows, options.frameSize, BACKENDS, options.lcore);
            int cacheEntries = Integer.highestOneBit(Math.max(2 * flows, 1024) - 1) << 1;
            ReplayRun.run(out, replay, options, port -> engine(new DispatchWorker(new WorkerResources(
                    new int[] {port}, new long[] {SyntheticTraffic.DISPATCHER_MAC}, 0, new ForwardingTables(table()), sessions,
                    changes, new FlowInvalidations(1024), counters.worker(0), layout, Timeouts.DEFAULT, 1,
                    new SystemNanoClock(), SystemEpochClock.INSTANCE, cacheEntries, BACKENDS, 2 * flows, 1500)),
                    counters, layout));
        } finally {
            deleteQuietly(tableFile);
            deleteQuietly(countersPath);
        }
        Eal.cleanup();
    }

    private static ReplayEngine engine(DispatchWorker worker, CountersFile counters, CounterLayout layout) {
        return new ReplayEngine() {
            @Override
            public int doWork() {
                return worker.doWork();
            }

            @Override
            public long packets() {
                return counters.worker(0).get(layout.txPackets(0));
            }

            @Override
            public void onClose() {
                worker.onClose();
            }

            @Override
            public String roleName() {
                return worker.roleName();
            }
        };
    }

    private static ForwardingTable table() {
        List<Backend> backends = new ArrayList<>();
        ForwardingTable.Builder table = ForwardingTable.builder().version(1);
        for (int id = 0; id < BACKENDS; id++) {
            backends.add(new Backend(id, "backend-" + id, 1));
            table.target(new ForwardingTable.Target(id, 0x02_00_00_00_10_00L | id, 0,
                    ForwardingTable.ipv4Low(0xC6120310 + id), 80), Headers.PROTOCOL_UDP, -1);
        }
        SelectionTable maglev = SelectionTable.build(Policy.MAGLEV, backends, SelectionTable.tableSizeFor(BACKENDS));
        return table.selection(SelectionSnapshot.empty().with(0, maglev))
                .vip(new ForwardingTable.Vip(0, "bench", Headers.PROTOCOL_UDP, 0, ForwardingTable.ipv4Low(SyntheticTraffic.VIP), 80,
                        ForwardingMode.DSR))
                .build();
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (java.io.IOException e) {
            // a leftover file in /dev/shm is harmless and named after this process
        }
    }
}
