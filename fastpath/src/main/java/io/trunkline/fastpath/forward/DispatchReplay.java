package io.trunkline.fastpath.forward;

import io.trunkline.fastpath.counters.CounterLayout;
import io.trunkline.fastpath.counters.CountersFile;
import io.trunkline.fastpath.flow.FlowInvalidations;
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
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.SystemNanoClock;

/**
 * The dispatch worker set up for the {@link SyntheticTraffic} replay the benches use: its UDP flows
 * to the VIP 198.19.0.1:80, DSR over four backends by Maglev, a fresh session table and counters
 * file in /dev/shm (named after this process, deleted on close). The first pass over the capture
 * opens a session per flow; later passes are established flows served by the flow cache.
 */
public final class DispatchReplay implements AutoCloseable {
    public static final int BACKENDS = 4;

    private final int flows;
    private final Path tableFile;
    private final Path countersPath;
    private final CounterLayout layout = new CounterLayout(1, 1, BACKENDS, DropReasons.names());
    private final SessionTable sessions;
    private final CountersFile counters;
    private final SessionChangeQueue changes = new SessionChangeQueue(1 << 20);

    public DispatchReplay(int flows) {
        this.flows = flows;
        long pid = ProcessHandle.current().pid();
        tableFile = Path.of("/dev/shm", "trunkline-bench-sessions-" + pid);
        countersPath = Path.of("/dev/shm", "trunkline-bench-counters-" + pid);
        sessions = SessionTable.open(new SessionTableConfig(tableFile, Math.max(2L * flows, 1024)));
        counters = CountersFile.create(countersPath, layout, 1);
    }

    /** A worker on queue 0 of {@code port}, as a replay engine counting what it transmits. */
    public ReplayEngine engine(int port) {
        int cacheEntries = Integer.highestOneBit(Math.max(2 * flows, 1024) - 1) << 1;
        DispatchWorker worker = new DispatchWorker(new WorkerResources(new int[] {port}, new long[] {SyntheticTraffic.DISPATCHER_MAC},
                0, new ForwardingTables(table()), sessions, changes, new FlowInvalidations(1024), counters.worker(0), layout,
                Timeouts.DEFAULT, 1, new SystemNanoClock(), SystemEpochClock.INSTANCE, cacheEntries, BACKENDS, 2 * flows, 1500));
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

    @Override
    public void close() throws IOException {
        sessions.close();
        counters.close();
        changes.close();
        Files.deleteIfExists(tableFile);
        Files.deleteIfExists(countersPath);
    }
}
