package io.trunkline.controlplane.bench;

import io.trunkline.bindings.dpdk.Eal;
import io.trunkline.bindings.dpdk.MbufPool;
import io.trunkline.controlplane.config.ExceptionPathConfig;
import io.trunkline.controlplane.daemon.ExceptionPorts;
import io.trunkline.fastpath.bfd.Bfd;
import io.trunkline.fastpath.bfd.BfdConfig;
import io.trunkline.fastpath.bfd.BfdPeer;
import io.trunkline.fastpath.forward.DispatchReplay;
import io.trunkline.fastpath.forward.ReplayForwarding;
import io.trunkline.fastpath.forward.ReplayForwarding.Sampling;
import io.trunkline.fastpath.forward.ReplayForwarding.Source;
import io.trunkline.fastpath.host.HostDuty;
import io.trunkline.fastpath.host.HostServices;
import io.trunkline.fastpath.host.KernelPath;
import io.trunkline.fastpath.host.NeighbourObserver;
import io.trunkline.fastpath.runner.DataPorts;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * VIP throughput with and without the host services the daemon wires on the worker of queue 0 (issue
 * 10's target: VIP throughput unchanged with BFD and the exception path on). The same established-flow
 * scenario from its replayed capture, on one core, runs alternately plain and with host services:
 * BFD sessions with two peers (the sessions' owner endpoint, ready) and the kernel exception path over
 * a {@code net_tap} port polled every 100 µs when empty, as {@code trunkline run} sets them up.
 * Alternating the two keeps a loaded machine's drift out of their ratio.
 * <p>
 * The capture brings no BFD or host traffic: the BFD sessions stay in the passive role (RFC 5880
 * section 6.1: nothing sent before the peer speaks) and run their timers in every duty cycle; the tap
 * is read on the poll interval and has nothing to hand over. That per-cycle work is what the VIP path
 * pays for the services; a router's BFD packets (about ten a second per session) add nothing
 * measurable at millions of packets a second.
 */
public final class HostServicesBench implements AutoCloseable {
    /** How often the worker of queue 0 reads the kernel port when it was empty: the daemon's (ExceptionPorts). */
    static final long KERNEL_POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(100);
    /** Two routers, as with ECMP over two next hops. */
    private static final List<String> BFD_PEERS = List.of("198.18.0.253", "198.18.0.254");
    private static final int HOST_MBUFS = 4095;

    /** Both measurements, each run's median Mpps. */
    public record Result(Spread plain, Spread withHostServices, long bfdSessions) {
        /** Host-services Mpps over plain Mpps, of the medians. */
        public double ratio() {
            return withHostServices.ratioTo(plain);
        }
    }

    private final String tapDevice;
    private final MbufPool pool;
    private final DataPorts tap;

    private HostServicesBench(String tapDevice, MbufPool pool, DataPorts tap) {
        this.tapDevice = tapDevice;
        this.pool = pool;
        this.tap = tap;
    }

    /**
     * Creates the kernel port: {@code net_tap} with a kernel interface {@code interfaceName} in this
     * process's network namespace, without addresses and without an IPv6 link-local address (so the
     * kernel sends nothing through it), as the daemon makes it. Needs an initialised EAL and root.
     */
    public static HostServicesBench open(String interfaceName) throws IOException {
        String device = "net_tap_bench,iface=" + interfaceName;
        MbufPool pool = MbufPool.create("bench-host", HOST_MBUFS, 256, MbufPool.DEFAULT_DATA_ROOM, Eal.socketId());
        DataPorts tap;
        try {
            Eal.probeDevice(device);
            tap = DataPorts.start(List.of(device), 1, pool);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        HostServicesBench bench = new HostServicesBench(device, pool, tap);
        try {
            ExceptionPorts.withoutLinkLocal(interfaceName);
        } catch (IOException | RuntimeException e) {
            bench.close();
            throw e;
        }
        return bench;
    }

    /**
     * Warms both up, then {@code runs} times: a plain run, a run with host services, each of
     * {@code seconds} measured after the settling seconds, each with a fresh session table.
     */
    public Result run(Scenario scenario, Source capture, int runs, int seconds, PrintWriter out) {
        if (scenario.measuresNewFlows()) {
            throw new IllegalArgumentException("host services are measured on an established-flow scenario, not " + scenario.name());
        }
        measure(scenario, capture, false, ScenarioDispatch.SETTLE_SECONDS, 0);
        measure(scenario, capture, true, ScenarioDispatch.SETTLE_SECONDS, 0);
        double[] plain = new double[runs];
        double[] host = new double[runs];
        for (int r = 0; r < runs; r++) {
            plain[r] = measure(scenario, capture, false, seconds + ScenarioDispatch.SETTLE_SECONDS, ScenarioDispatch.SETTLE_SECONDS);
            host[r] = measure(scenario, capture, true, seconds + ScenarioDispatch.SETTLE_SECONDS, ScenarioDispatch.SETTLE_SECONDS);
            out.printf(Locale.ROOT, "run %d plain_mpps %.3f host_services_mpps %.3f%n", r + 1, plain[r], host[r]);
            out.flush();
        }
        return new Result(new Spread(plain), new Spread(host), BFD_PEERS.size());
    }

    /** One run's median Mpps, the first {@code skipped} seconds left out. */
    private double measure(Scenario scenario, Source capture, boolean withHostServices, int samples, int skipped) {
        try (DispatchReplay dispatch = new DispatchReplay(scenario.setup())) {
            double[] rates;
            if (withHostServices) {
                try (Bfd bfd = Bfd.create("bench", BfdConfig.of(peers()), pool)) {
                    bfd.ready(true);
                    KernelPath kernel = new KernelPath(new KernelPath.Port[] {new KernelPath.Port(tap.ids()[0],
                            ExceptionPathConfig.DEFAULT_RATE, ExceptionPathConfig.DEFAULT_BURST)}, 1,
                            KERNEL_POLL_NANOS);
                    HostServices host = new HostServices(bfd.owner(), NeighbourObserver.NONE, HostDuty.NONE, kernel.endpoint(true));
                    rates = ReplayForwarding.run(capture, Sampling.seconds(samples), port -> dispatch.engine(port, host), mpps -> { })
                            .mppsPerSample();
                }
            } else {
                rates = ReplayForwarding.run(capture, Sampling.seconds(samples), dispatch::engine, mpps -> { }).mppsPerSample();
            }
            return ScenarioDispatch.median(Arrays.copyOfRange(rates, Math.min(skipped, rates.length), rates.length));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the bench's files in /dev/shm", e);
        }
    }

    private static List<BfdPeer> peers() {
        List<BfdPeer> peers = new ArrayList<>();
        for (String address : BFD_PEERS) {
            try {
                peers.add(new BfdPeer(0, InetAddress.getByName(address)));
            } catch (UnknownHostException e) {
                throw new IllegalStateException("not an address literal: " + address, e);
            }
        }
        return peers;
    }

    /** Stops the kernel port and removes its device: the kernel interface goes with it. */
    @Override
    public void close() {
        try {
            tap.close();
            Eal.removeVirtualDevice(DataPorts.deviceName(tapDevice));
        } finally {
            pool.close();
        }
    }
}
