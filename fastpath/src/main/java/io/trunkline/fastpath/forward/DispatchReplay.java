package io.trunkline.fastpath.forward;

import io.trunkline.fastpath.counters.CounterLayout;
import io.trunkline.fastpath.counters.CountersFile;
import io.trunkline.fastpath.fate.DropReasons;
import io.trunkline.fastpath.flow.FlowInvalidations;
import io.trunkline.fastpath.host.HostServices;
import io.trunkline.fastpath.packet.Headers;
import io.trunkline.fastpath.pcap.SyntheticTraffic;
import io.trunkline.fastpath.select.Backend;
import io.trunkline.fastpath.select.Policy;
import io.trunkline.fastpath.select.SelectionSnapshot;
import io.trunkline.fastpath.select.SelectionTable;
import io.trunkline.fastpath.sync.SessionChangeQueue;
import io.trunkline.fastpath.timer.Timeouts;
import io.trunkline.fastpath.worker.DispatchWorker;
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
import org.agrona.BitUtil;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.SystemNanoClock;

/**
 * The dispatch worker set up for the {@link SyntheticTraffic} replays the benches use: one VIP (the
 * capture's, of its family and protocol) over four backends by Maglev, DSR or NAT, a fresh session
 * table and counters file in /dev/shm (named after this process, deleted on close). UDP: the first
 * pass over the capture opens a session per flow, later passes are established flows served by the
 * flow cache. TCP SYNs open a session each, written to the table and queued as a sync record.
 */
public final class DispatchReplay implements AutoCloseable {
    public static final int BACKENDS = 4;
    /** Sync records the replay's change queue holds before it drops them (nothing drains it). */
    private static final int MAX_QUEUE_BYTES = 1 << 28;

    /**
     * What the worker serves.
     *
     * @param sessions the sessions the run can open: the session table, flow cache and timer wheel are sized from it
     */
    public record Setup(SyntheticTraffic.Family family, int protocol, ForwardingMode mode, int sessions) {
        public Setup {
            if (mode != ForwardingMode.DSR && mode != ForwardingMode.NAT) {
                throw new IllegalArgumentException("the replay forwards by DSR or NAT, not " + mode);
            }
        }

        /** UDP to an IPv4 DSR VIP, the set-up of {@code bench dispatch} and the worker benchmark. */
        public static Setup udpDsr(int flows) {
            return new Setup(SyntheticTraffic.Family.IPV4, Headers.PROTOCOL_UDP, ForwardingMode.DSR, flows);
        }
    }

    private final Setup setup;
    private final Path tableFile;
    private final Path countersPath;
    private final CounterLayout layout = new CounterLayout(1, 1, BACKENDS, DropReasons.names());
    private final SessionTable sessions;
    private final CountersFile counters;
    private final SessionChangeQueue changes;

    public DispatchReplay(int flows) {
        this(Setup.udpDsr(flows));
    }

    public DispatchReplay(Setup setup) {
        this.setup = setup;
        long pid = ProcessHandle.current().pid();
        tableFile = Path.of("/dev/shm", "trunkline-bench-sessions-" + pid);
        countersPath = Path.of("/dev/shm", "trunkline-bench-counters-" + pid);
        sessions = SessionTable.open(new SessionTableConfig(tableFile, Math.max(2L * setup.sessions(), 1024)));
        counters = CountersFile.create(countersPath, layout, 1);
        long queueBytes = (long) setup.sessions() * 3 * (SessionChangeQueue.MESSAGE_LENGTH + 8);
        changes = new SessionChangeQueue((int) Math.min(MAX_QUEUE_BYTES, BitUtil.findNextPositivePowerOfTwo(Math.max(queueBytes, 1 << 20))));
    }

    /**
     * A worker on queue 0 of {@code port}, as a replay engine counting the frames it forwarded: handed
     * to the transmit queue, whether sent or refused by a full ring (a generator that does not read
     * what comes back fills it).
     */
    public ReplayEngine engine(int port) {
        return engine(port, HostServices.NONE);
    }

    /**
     * The same worker given {@code host}: the host services the daemon wires on the worker of queue 0
     * (BFD sessions, the kernel exception path), to measure what they cost the VIP path.
     */
    public ReplayEngine engine(int port, HostServices host) {
        int cacheEntries = Integer.highestOneBit(Math.max(2 * setup.sessions(), 1024) - 1) << 1;
        DispatchWorker worker = new DispatchWorker(new WorkerResources(
                new WorkerResources.Ports(new int[] {port}, new long[] {SyntheticTraffic.DISPATCHER_MAC}, 0, 1500),
                new WorkerResources.Control(new ForwardingTables(table()), new FlowInvalidations(1024)),
                new WorkerResources.Sessions(sessions, changes, 1, Timeouts.DEFAULT),
                new WorkerResources.Counting(counters.worker(0), layout),
                new WorkerResources.Clocks(new SystemNanoClock(), SystemEpochClock.INSTANCE),
                new WorkerResources.Sizes(cacheEntries, BACKENDS, 2 * setup.sessions())), host);
        return new ReplayEngine() {
            @Override
            public int doWork() {
                return worker.doWork();
            }

            @Override
            public long packets() {
                return counters.worker(0).get(layout.txPackets(0)) + counters.worker(0).get(layout.drops(DropReasons.TX_FULL));
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

    /** Sessions opened so far. */
    public long sessionsOpened() {
        return counters.worker(0).get(CounterLayout.SESSIONS_NEW);
    }

    /** Host-traffic counter {@code index} ({@code CounterLayout.BFD_TX}, {@code KERNEL_RX}, ...) so far. */
    public long hostCounter(int index) {
        return counters.worker(0).get(layout.host(index));
    }

    /** Sync records dropped because the change queue was full. */
    public long syncRecordsDropped() {
        return changes.droppedChanges();
    }

    private ForwardingTable table() {
        boolean v6 = setup.family() == SyntheticTraffic.Family.IPV6;
        boolean nat = setup.mode() == ForwardingMode.NAT;
        List<Backend> backends = new ArrayList<>();
        ForwardingTable.Builder table = ForwardingTable.builder().version(1).gatewayMac(0, v6, SyntheticTraffic.CLIENT_MAC);
        for (int id = 0; id < BACKENDS; id++) {
            backends.add(new Backend(id, "backend-" + id, 1));
            // Backends at 198.18.3.16 + id or 2001:2:0:3::10 + id.
            ForwardingTable.Target target = v6
                    ? new ForwardingTable.Target(id, 0x02_00_00_00_10_00L | id, 0x2001_0002_0000_0003L, 0x10 + id, 8080)
                    : new ForwardingTable.Target(id, 0x02_00_00_00_10_00L | id, 0, ForwardingTable.ipv4Low(0xC6120310 + id), 8080);
            table.target(target, setup.protocol(), nat ? 0 : -1);
        }
        SelectionTable maglev = SelectionTable.build(Policy.MAGLEV, backends, SelectionTable.tableSizeFor(BACKENDS));
        long vipHigh = v6 ? SyntheticTraffic.VIP6_HIGH : 0;
        long vipLow = v6 ? SyntheticTraffic.VIP6_LOW : ForwardingTable.ipv4Low(SyntheticTraffic.VIP);
        return table.selection(SelectionSnapshot.empty().with(0, maglev))
                .vip(new ForwardingTable.Vip(0, "bench", setup.protocol(), vipHigh, vipLow, SyntheticTraffic.VIP_PORT, setup.mode()))
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
