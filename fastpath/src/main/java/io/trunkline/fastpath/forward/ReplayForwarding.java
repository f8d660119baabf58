package io.trunkline.fastpath.forward;

import io.trunkline.bindings.dpdk.DpdkConstants;
import io.trunkline.bindings.dpdk.Eal;
import io.trunkline.bindings.dpdk.EthDev;
import io.trunkline.bindings.dpdk.MbufPool;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.DoubleConsumer;

/**
 * Single-core forwarding over a virtual device, an engine on the calling thread sending back out of
 * the port it receives on. The usual source is a capture replayed forever by net_pcap
 * ({@code infinite_rx=1}); with no {@code tx_pcap} net_pcap drops what it is given. Source and sink
 * cost little, so the rate measures the engine; testpmd's engines run on the same port set-up for
 * comparison. The other source is a generator in another process at the far end of a net_memif
 * connection. Needs an initialised EAL, run on an lcore thread.
 */
public final class ReplayForwarding {
    private static final long SECOND = 1_000_000_000L;
    private static final int CYCLES_BETWEEN_CLOCK_READS = 64;

    private ReplayForwarding() {
    }

    /** Rates of one run, one per sampling interval. */
    public record Result(double[] mppsPerSample, long packets) {
        public double median() {
            double[] sorted = mppsPerSample.clone();
            Arrays.sort(sorted);
            return sorted.length == 0 ? 0 : sorted[sorted.length / 2];
        }
    }

    /**
     * The port the engine serves.
     *
     * @param name     the virtual device's name (its driver's name comes first)
     * @param devargs  the rest of its device arguments
     * @param mbufs    mbufs of the port's pool
     * @param maxFrame the largest frame it carries
     */
    public record Source(String name, String devargs, int mbufs, int maxFrame) {
        /** net_pcap replaying {@code capture} forever: it preloads the whole capture, so the pool holds every frame. */
        public static Source capture(Path capture, long framesInCapture, int maxFrame) {
            return new Source("net_pcap_replay", "rx_pcap=" + capture + ",infinite_rx=1", Math.toIntExact(framesInCapture + 8192), maxFrame);
        }

        /** net_memif, client end of the socket a generator in another process serves. */
        public static Source memif(Path socket, int maxFrame) {
            return new Source("net_memif_replay", "role=client,id=0,socket-abstract=no,socket=" + socket, 16384, maxFrame);
        }

        /** Any virtual device, {@code name,args} as given to the EAL's --vdev (net_af_xdp on a veth, for one). */
        public static Source vdev(String vdev, int maxFrame) {
            int comma = vdev.indexOf(',');
            return comma < 0 ? new Source(vdev, "", 16384, maxFrame)
                    : new Source(vdev.substring(0, comma), vdev.substring(comma + 1), 16384, maxFrame);
        }
    }

    /**
     * How long to forward and how to sample.
     *
     * @param intervalNanos each sample's length
     * @param samples       samples to take at most
     * @param stopAtPackets end early once the engine has forwarded this many (one pass of a capture whose
     *                      flows must be new), 0 for never; the interval in progress is then left out
     */
    public record Sampling(long intervalNanos, int samples, long stopAtPackets) {
        public static Sampling seconds(int seconds) {
            return new Sampling(SECOND, seconds, 0);
        }
    }

    /** Data room for frames of up to {@code maxFrameSize} bytes: the headroom plus the frame, in whole cache lines. */
    public static int dataRoom(int maxFrameSize) {
        return DpdkConstants.RTE_PKTMBUF_HEADROOM + (maxFrameSize + 63) / 64 * 64;
    }

    /**
     * Forwards for {@code seconds} from a replayed capture with the engine {@code factory} makes,
     * handing each second's Mpps to {@code perSecond} as it is measured.
     *
     * @param framesInCapture net_pcap preloads the whole capture into mbufs: the pool is sized from it
     * @param maxFrameSize    the largest frame in the capture
     */
    public static Result run(Path capture, int framesInCapture, int maxFrameSize, int seconds, ReplayEngine.Factory factory,
                             DoubleConsumer perSecond) {
        return run(Source.capture(capture, framesInCapture, maxFrameSize), Sampling.seconds(seconds), factory, perSecond);
    }

    /** Forwards from {@code source} with the engine {@code factory} makes, handing each sample's Mpps to {@code perSample}. */
    public static Result run(Source source, Sampling sampling, ReplayEngine.Factory factory, DoubleConsumer perSample) {
        try (Port port = Port.open(source)) {
            return port.run(sampling, factory, perSample);
        }
    }

    /**
     * A source's port, started once and forwarded on by several runs in turn. A replayed capture
     * starts over each time its port is opened; a generator's connection (net_memif) is better kept
     * for the whole process: Pktgen's memif server crashes when a client leaves while it sends.
     */
    public static final class Port implements AutoCloseable {
        private final Source source;
        private final int id;
        private final MbufPool pool;

        private Port(Source source, int id, MbufPool pool) {
            this.source = source;
            this.id = id;
            this.pool = pool;
        }

        /** Probes {@code source}'s device and starts it with one queue pair. */
        public static Port open(Source source) {
            Eal.probeDevice(source.devargs().isEmpty() ? source.name() : source.name() + "," + source.devargs());
            MbufPool pool = null;
            try {
                int id = EthDev.portByName(source.name());
                // Mbufs only as large as the frames let a million preloaded frames fit.
                pool = MbufPool.create("replay", source.mbufs(), 256, dataRoom(source.maxFrame()), Eal.socketId());
                EthDev.configure(id, EthDev.PortConfig.queues(1), pool);
                EthDev.start(id);
                return new Port(source, id, pool);
            } catch (RuntimeException e) {
                if (pool != null) {
                    pool.close();
                }
                Eal.removeVirtualDevice(source.name());
                throw e;
            }
        }

        /** The DPDK port id. */
        public int id() {
            return id;
        }

        /** One run: a new engine from {@code factory} forwards until {@code sampling} ends. */
        public Result run(Sampling sampling, ReplayEngine.Factory factory, DoubleConsumer perSample) {
            ReplayEngine engine = factory.create(id);
            double[] rates = forward(engine, sampling, perSample);
            engine.onClose();
            return new Result(rates, engine.packets());
        }

        /** Whether the link is up: a net_memif client's goes down when the server leaves. */
        public boolean linkUp() {
            return EthDev.link(id).up();
        }

        @Override
        public void close() {
            try {
                EthDev.stop(id);
                EthDev.close(id);
                pool.close();
            } finally {
                Eal.removeVirtualDevice(source.name());
            }
        }
    }

    private static double[] forward(ReplayEngine forwarder, Sampling sampling, DoubleConsumer perSample) {
        double[] rates = new double[sampling.samples()];
        long stopAt = sampling.stopAtPackets() > 0 ? sampling.stopAtPackets() : Long.MAX_VALUE;
        long mark = System.nanoTime();
        long markPackets = 0;
        int s = 0;
        while (s < rates.length) {
            for (int i = 0; i < CYCLES_BETWEEN_CLOCK_READS; i++) {
                forwarder.doWork();
            }
            long packets = forwarder.packets();
            if (packets >= stopAt) {
                break;
            }
            long now = System.nanoTime();
            if (now - mark >= sampling.intervalNanos()) {
                rates[s] = (packets - markPackets) * 1e3 / (now - mark);
                perSample.accept(rates[s]);
                markPackets = packets;
                mark = now;
                s++;
            }
        }
        return Arrays.copyOf(rates, s);
    }
}
