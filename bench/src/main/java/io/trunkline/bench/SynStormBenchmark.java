package io.trunkline.bench;

import io.trunkline.bindings.dpdk.Eal;
import io.trunkline.bindings.dpdk.EthDev;
import io.trunkline.bindings.dpdk.MbufPool;
import io.trunkline.fastpath.forward.DispatchReplay;
import io.trunkline.fastpath.forward.ReplayEngine;
import io.trunkline.fastpath.forward.ReplayForwarding;
import io.trunkline.fastpath.packet.Headers;
import io.trunkline.fastpath.pcap.SyntheticTraffic;
import io.trunkline.fastpath.pcap.SyntheticTraffic.Family;
import io.trunkline.fastpath.pcap.SyntheticTraffic.Pattern;
import io.trunkline.fastpath.pcap.SyntheticTraffic.Traffic;
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
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The new-connection path on real DPDK: every packet a new flow's TCP SYN to a DSR VIP (parse, flow-cache
 * miss, session-table miss, Maglev, Chronicle insert, sync record queued, flow cache and timer filled).
 * One operation is one SYN of a full 32-packet burst. A capture of 1 M distinct SYNs is replayed once:
 * the run must end before it wraps (a second pass would find every session open), hence the short
 * iterations; the worker's code is compiled beforehand on a warm-up capture of other flows through a
 * second port. Sample mode: its median is the figure to read on a shared machine, where preemption
 * inflates the mean. Needs root (the EAL runs with anonymous memory, no hugepages).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 100, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 4, time = 100, timeUnit = TimeUnit.MILLISECONDS)
public class SynStormBenchmark {
    private static final int FLOWS = 1 << 20;
    private static final int WARM_UP_FLOWS = 1 << 17;

    @Param({"IPV4", "IPV6"})
    Family family;

    private Path capture;
    private Path warmUpCapture;
    private MbufPool pool;
    private DispatchReplay dispatch;
    private ReplayEngine worker;
    private int port;
    private int warmUpPort;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Traffic warmUp = new Traffic(family, Pattern.TCP_SYN, WARM_UP_FLOWS, 64, 0);
        Traffic storm = warmUp.following(FLOWS);
        capture = Files.createTempFile("trunkline-jmh-syn-", ".pcap");
        warmUpCapture = Files.createTempFile("trunkline-jmh-syn-warm-up-", ".pcap");
        SyntheticTraffic.write(capture, storm);
        SyntheticTraffic.write(warmUpCapture, warmUp);
        Eal.init(List.of("-l", "0", "--no-pci", "--no-huge", "-m", "1536", "--no-shconf", "--no-telemetry",
                "--file-prefix", "trunkline-jmh-" + ProcessHandle.current().pid(), "--log-level", "lib.eal:error"));
        pool = MbufPool.create("jmh", FLOWS + WARM_UP_FLOWS + 16384, 256, ReplayForwarding.dataRoom(storm.maxFrameSize()), 0);
        warmUpPort = startPort("net_pcap_jmh_warm_up", warmUpCapture);
        port = startPort("net_pcap_jmh_syn", capture);
        dispatch = new DispatchReplay(new DispatchReplay.Setup(family, Headers.PROTOCOL_TCP, ForwardingMode.DSR, FLOWS + WARM_UP_FLOWS));
        ReplayEngine warmUpWorker = dispatch.engine(warmUpPort);
        for (int i = 0; i < WARM_UP_FLOWS / DispatchWorker.BURST; i++) {
            warmUpWorker.doWork();
        }
        warmUpWorker.onClose();
        worker = dispatch.engine(port);
    }

    private int startPort(String name, Path pcap) {
        Eal.probeDevice(name + ",rx_pcap=" + pcap + ",infinite_rx=1");
        int id = EthDev.portByName(name);
        EthDev.configure(id, EthDev.PortConfig.queues(1), pool);
        EthDev.start(id);
        return id;
    }

    @Benchmark
    @OperationsPerInvocation(DispatchWorker.BURST)
    public int synStorm() {
        return worker.doWork();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        worker.onClose();
        for (int id : new int[] {port, warmUpPort}) {
            EthDev.stop(id);
            EthDev.close(id);
        }
        Eal.removeVirtualDevice("net_pcap_jmh_syn");
        Eal.removeVirtualDevice("net_pcap_jmh_warm_up");
        pool.close();
        Eal.cleanup();
        dispatch.close();
        Files.delete(capture);
        Files.delete(warmUpCapture);
    }
}
