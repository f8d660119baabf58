package io.trunkline.fastpath.forward;

import io.trunkline.bindings.dpdk.Eal;
import io.trunkline.bindings.dpdk.EthDev;
import io.trunkline.bindings.dpdk.MbufPool;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.DoubleConsumer;

/**
 * Single-core forwarding over virtual devices: a capture replayed forever by net_pcap
 * ({@code infinite_rx=1}) into a {@link PortForwarder} on the calling thread, out to net_null. The
 * source costs the forwarding core nothing, so the rate measures the forwarder alone; testpmd's
 * engines run on the same source for comparison. Needs an initialised EAL, run on an lcore thread.
 */
public final class ReplayForwarding {
    private static final String SOURCE = "net_pcap_replay";
    private static final String SINK = "net_null_sink";

    private ReplayForwarding() {
    }

    /** Per-second rates of one run. */
    public record Result(double[] mppsPerSecond, long packets) {
        public double median() {
            double[] sorted = mppsPerSecond.clone();
            Arrays.sort(sorted);
            return sorted.length == 0 ? 0 : sorted[sorted.length / 2];
        }
    }

    /**
     * Forwards for {@code seconds}, handing each second's Mpps to {@code perSecond} as it is measured.
     *
     * @param framesInCapture net_pcap preloads the whole capture into mbufs: the pool is sized from it
     */
    public static Result run(Path capture, int framesInCapture, int seconds, PortForwarder.Mode mode, DoubleConsumer perSecond) {
        Eal.probeDevice(SOURCE + ",rx_pcap=" + capture + ",infinite_rx=1");
        Eal.probeDevice(SINK + ",no-rx=1");
        int source = EthDev.portByName(SOURCE);
        int sink = EthDev.portByName(SINK);
        try (Arena arena = Arena.ofConfined();
             MbufPool pool = MbufPool.create("replay", framesInCapture + 8192, 256, MbufPool.DEFAULT_DATA_ROOM, Eal.socketId())) {
            EthDev.configure(source, EthDev.PortConfig.queues(1), pool);
            EthDev.configure(sink, EthDev.PortConfig.queues(1), pool);
            EthDev.start(source);
            EthDev.start(sink);
            PortForwarder forwarder = new PortForwarder(source, 0, sink, 0, mode, arena);
            double[] rates = forward(forwarder, seconds, perSecond);
            EthDev.stop(source);
            EthDev.stop(sink);
            EthDev.close(source);
            EthDev.close(sink);
            return new Result(rates, forwarder.packets());
        } finally {
            Eal.removeVirtualDevice(SOURCE);
            Eal.removeVirtualDevice(SINK);
        }
    }

    private static double[] forward(PortForwarder forwarder, int seconds, DoubleConsumer perSecond) {
        double[] rates = new double[seconds];
        long second = 1_000_000_000L;
        long start = System.nanoTime();
        long mark = start;
        long markPackets = 0;
        for (int s = 0; s < seconds; ) {
            for (int i = 0; i < 1024; i++) {
                forwarder.doWork();
            }
            long now = System.nanoTime();
            if (now - mark >= second) {
                long packets = forwarder.packets();
                rates[s] = (packets - markPackets) * 1e3 / (now - mark);
                perSecond.accept(rates[s]);
                markPackets = packets;
                mark = now;
                s++;
            }
        }
        return rates;
    }
}
