package io.trunkline.fastpath.worker;

import io.trunkline.bindings.dpdk.Eal;
import io.trunkline.bindings.dpdk.EthDev;
import io.trunkline.bindings.dpdk.MbufPool;
import io.trunkline.fastpath.counters.CounterLayout;
import io.trunkline.fastpath.counters.CountersFile;
import io.trunkline.fastpath.counters.WorkerCounters;
import io.trunkline.fastpath.fate.DropReasons;
import io.trunkline.fastpath.flow.FlowInvalidations;
import io.trunkline.fastpath.host.HostServices;
import io.trunkline.fastpath.pcap.PcapWriter;
import io.trunkline.fastpath.sync.SessionChangeQueue;
import io.trunkline.fastpath.testing.TestEal;
import io.trunkline.fastpath.timer.Timeouts;
import io.trunkline.store.SessionTable;
import io.trunkline.store.SessionTableConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.NanoClock;

/**
 * A dispatcher's worker on real DPDK: frames go into a net_pcap port from a capture, the worker
 * forwards them, net_pcap writes what it sent to another capture for tshark. The session table,
 * counters and hand-off queues outlive single runs, as they outlive a restarted fast path. Time is
 * a manual clock the test moves.
 */
final class WorkerHarness implements AutoCloseable {
    static final long PORT_MAC = 0x02_00_00_00_00_02L;
    static final int MAX_BACKENDS = 64;
    private static final AtomicInteger DEVICES = new AtomicInteger();

    final Path dir;
    final SessionTable sessions;
    final CountersFile countersFile;
    final CounterLayout layout = new CounterLayout(1, 8, MAX_BACKENDS, DropReasons.names());
    final ForwardingTables tables;
    final SessionChangeQueue changes = new SessionChangeQueue(1 << 22);
    final FlowInvalidations invalidations = new FlowInvalidations(1024);
    /** What each run's worker gets for host traffic (BFD, the neighbour hook). */
    HostServices hostServices = HostServices.NONE;
    long nanos = 1_000_000_000L;
    long millis = 1_700_000_000_000L;

    WorkerHarness(Path dir, ForwardingTable table) {
        TestEal.start();
        this.dir = dir;
        this.sessions = SessionTable.open(new SessionTableConfig(
                Path.of("/dev/shm", "trunkline-test-sessions-" + ProcessHandle.current().pid() + "-" + DEVICES.incrementAndGet()), 100_000));
        this.countersFile = CountersFile.create(dir.resolve("counters"), layout, 1);
        this.tables = new ForwardingTables(table);
    }

    WorkerCounters counters() {
        return countersFile.worker(0);
    }

    long counter(int id) {
        return counters().get(id);
    }

    long drops(int reason) {
        return counter(layout.drops(reason));
    }

    /** Sends {@code frames} through a new worker; returns the capture of what it transmitted. */
    Path run(List<byte[]> frames) throws IOException {
        return run(frames, worker -> { });
    }

    /** As {@link #run(List)}, then hands the worker to {@code afterTraffic} while its port is still up. */
    Path run(List<byte[]> frames, Consumer<DispatchWorker> afterTraffic) throws IOException {
        return onPort(frames, port -> {
            DispatchWorker worker = new DispatchWorker(resources(port), hostServices);
            long before = counter(layout.rxPackets(0));
            receiveAll(worker, before + frames.size());
            afterTraffic.accept(worker);
            worker.onClose();
        });
    }

    /**
     * Two workers on the same port, as two workers on two queues would be, stepped on this thread: the
     * first receives all {@code frames}, then the second runs {@code cycles} duty cycles. Returns the capture
     * of what was transmitted.
     */
    Path runPair(List<byte[]> frames, HostServices first, HostServices second, int cycles) throws IOException {
        return onPort(frames, port -> {
            DispatchWorker receiver = new DispatchWorker(resources(port), first);
            DispatchWorker owner = new DispatchWorker(resources(port), second);
            receiveAll(receiver, frames.size());
            cycle(owner, cycles);
            receiver.onClose();
            owner.onClose();
        });
    }

    /** Steps {@code worker} until the port has received {@code total} frames in all. */
    private void receiveAll(DispatchWorker worker, long total) {
        long giveUp = System.nanoTime() + 60_000_000_000L; // ends a broken run; not a timing assertion
        while (counter(layout.rxPackets(0)) < total && System.nanoTime() < giveUp) {
            worker.doWork();
        }
    }

    /**
     * A fresh net_pcap port replaying {@code frames} and writing what is sent to a capture, started, handed
     * to {@code work}, then stopped and removed. Returns the capture.
     */
    private Path onPort(List<byte[]> frames, IntConsumer work) throws IOException {
        int run = DEVICES.incrementAndGet();
        Path in = dir.resolve("in-" + run + ".pcap");
        Path out = dir.resolve("out-" + run + ".pcap");
        try (PcapWriter pcap = new PcapWriter(in)) {
            for (byte[] frame : frames) {
                pcap.write(frame);
            }
        }
        String name = "net_pcap_worker" + run;
        Eal.probeDevice(name + ",rx_pcap=" + in + ",tx_pcap=" + out);
        int port = EthDev.portByName(name);
        try (MbufPool pool = MbufPool.create("worker" + run, 8191, 0, MbufPool.DEFAULT_DATA_ROOM, 0)) {
            EthDev.configure(port, EthDev.PortConfig.queues(1), pool);
            EthDev.start(port);
            work.accept(port);
            EthDev.stop(port);
            EthDev.close(port);
        } finally {
            Eal.removeVirtualDevice(name);
        }
        return out;
    }

    /** Polls the worker until {@code cycles} duty cycles have passed (timers run every 64). */
    static void cycle(DispatchWorker worker, int cycles) {
        for (int i = 0; i < cycles; i++) {
            worker.doWork();
        }
    }

    WorkerResources resources(int port) {
        return resources(port, PORT_MAC, () -> nanos, () -> millis);
    }

    /** Resources for a worker on {@code port} with its own MAC and clocks (a real port, real time). */
    WorkerResources resources(int port, long portMac, NanoClock nanoClock, EpochClock epochClock) {
        return new WorkerResources(new WorkerResources.Ports(new int[] {port}, new long[] {portMac}, 0, 1500),
                new WorkerResources.Control(tables, invalidations), new WorkerResources.Sessions(sessions, changes, 1, Timeouts.DEFAULT),
                new WorkerResources.Counting(counters(), layout), new WorkerResources.Clocks(nanoClock, epochClock),
                new WorkerResources.Sizes(1 << 14, MAX_BACKENDS, 1 << 16));
    }

    @Override
    public void close() throws IOException {
        Path file = sessions.file();
        sessions.close();
        Files.deleteIfExists(file);
        countersFile.close();
        changes.close();
    }
}
