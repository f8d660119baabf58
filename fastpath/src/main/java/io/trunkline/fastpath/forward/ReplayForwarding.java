package io.trunkline.fastpath.forward;

import io.trunkline.bindings.dpdk.DpdkConstants;
import io.trunkline.bindings.dpdk.Eal;
import io.trunkline.bindings.dpdk.EthDev;
import io.trunkline.bindings.dpdk.MbufPool;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.DoubleConsumer;

/**
 * Single-core forwarding over a virtual device: a capture replayed forever by net_pcap
 * ({@code infinite_rx=1}) into an engine on the calling thread, which sends back out of the same
 * port; with no {@code tx_pcap} net_pcap drops what it is given. Source and sink cost little, so the
 * rate measures the engine; testpmd's engines run on the same port set-up for comparison. Needs an
 * initialised EAL, run on an lcore thread.
 */
public final class ReplayForwarding {
    private static final String PORT = "net_pcap_replay";

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

    /** Data room for frames of up to {@code maxFrameSize} bytes: the headroom plus the frame, in whole cache lines. */
    public static int dataRoom(int maxFrameSize) {
        return DpdkConstants.RTE_PKTMBUF_HEADROOM + (maxFrameSize + 63) / 64 * 64;
    }

    /**
     * Forwards for {@code seconds} with the engine {@code factory} makes, handing each second's Mpps
     * to {@code perSecond} as it is measured.
     *
     * @param framesInCapture net_pcap preloads the whole capture into mbufs: the pool is sized from it
     * @param maxFrameSize    the largest frame in the capture
     */
    public static Result run(Path capture, int framesInCapture, int maxFrameSize, int seconds, ReplayEngine.Factory factory,
                             DoubleConsumer perSecond) {
        Eal.probeDevice(PORT + ",rx_pcap=" + capture + ",infinite_rx=1");
        int port = EthDev.portByName(PORT);
        // The whole capture sits in the pool: mbufs only as large as its frames let a million flows fit.
        try (MbufPool pool = MbufPool.create("replay", framesInCapture + 8192, 256, dataRoom(maxFrameSize), Eal.socketId())) {
            EthDev.configure(port, EthDev.PortConfig.queues(1), pool);
            EthDev.start(port);
            ReplayEngine engine = factory.create(port);
            double[] rates = forward(engine, seconds, perSecond);
            engine.onClose();
            EthDev.stop(port);
            EthDev.close(port);
            return new Result(rates, engine.packets());
        } finally {
            Eal.removeVirtualDevice(PORT);
        }
    }

    private static double[] forward(ReplayEngine forwarder, int seconds, DoubleConsumer perSecond) {
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
