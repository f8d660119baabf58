package io.trunkline.bench;

import io.trunkline.bindings.dpdk.Eal;
import io.trunkline.bindings.dpdk.EthDev;
import io.trunkline.bindings.dpdk.MbufPool;
import io.trunkline.fastpath.forward.DispatchReplay;
import io.trunkline.fastpath.forward.ReplayEngine;
import io.trunkline.fastpath.forward.ReplayForwarding;
import io.trunkline.fastpath.packet.Headers;
import io.trunkline.fastpath.pcap.SyntheticTraffic;
import io.trunkline.fastpath.worker.DispatchWorker;
import io.trunkline.fastpath.worker.ForwardingMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * UDP flows to a DSR or a NAT VIP ({@link DispatchReplay}: rx burst, peek, flow cache, rewrite, tx
 * burst, counters). One operation is one packet of a full 32-packet burst; -prof gc reports the
 * allocation per packet, which must be 0 B/op. Needs root (the EAL runs with anonymous memory, no
 * hugepages).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DispatchWorkerBenchmark {
    private static final String PORT = "net_pcap_jmh";

    @Param({"16384"})
    int flows;

    /** DSR: the established lane's plain readdress; NAT: the lane's parse and destination NAT with checksum updates. */
    @Param({"DSR", "NAT"})
    ForwardingMode mode;

    private Path capture;
    private MbufPool pool;
    private DispatchReplay dispatch;
    private ReplayEngine worker;
    private int port;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        capture = Files.createTempFile("trunkline-jmh-", ".pcap");
        SyntheticTraffic.writeUdpCapture(capture, flows, flows, 64);
        Eal.init(List.of("-l", "0", "--no-pci", "--no-huge", "-m", "1024", "--no-shconf", "--no-telemetry",
                "--file-prefix", "trunkline-jmh-" + ProcessHandle.current().pid(), "--log-level", "lib.eal:error"));
        Eal.probeDevice(PORT + ",rx_pcap=" + capture + ",infinite_rx=1");
        port = EthDev.portByName(PORT);
        pool = MbufPool.create("jmh", flows + 8192, 256, ReplayForwarding.dataRoom(64), 0);
        EthDev.configure(port, EthDev.PortConfig.queues(1), pool);
        EthDev.start(port);
        dispatch = new DispatchReplay(new DispatchReplay.Setup(SyntheticTraffic.Family.IPV4, Headers.PROTOCOL_UDP, mode, flows));
        worker = dispatch.engine(port);
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
        dispatch.close();
        Files.delete(capture);
    }
}
