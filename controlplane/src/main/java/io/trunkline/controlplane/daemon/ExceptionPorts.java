package io.trunkline.controlplane.daemon;

import io.trunkline.bindings.dpdk.Eal;
import io.trunkline.bindings.dpdk.MbufPool;
import io.trunkline.controlplane.config.Cidr;
import io.trunkline.controlplane.config.ExceptionPathConfig;
import io.trunkline.controlplane.config.PortConfig;
import io.trunkline.controlplane.config.TrunklineConfig;
import io.trunkline.fastpath.host.KernelPath;
import io.trunkline.fastpath.packet.MacAddress;
import io.trunkline.fastpath.runner.DataPorts;
import java.io.IOException;
import java.net.Inet6Address;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel side of each data port that has an {@code exception_path}: a DPDK {@code net_tap} device probed
 * at run time (after the data ports, whose MACs it takes), one queue pair per worker, whose kernel interface
 * gets the data port's MAC (the tap driver's {@code mac=} argument), then its MTU and own addresses through
 * {@code ip} (IPv6 without duplicate-address detection and without a link-local address: the fast path answers
 * only for the configured addresses). DPDK brings the interface up when the port starts and removes it when the
 * port closes, so a stopped daemon leaves no interface behind.
 */
public final class ExceptionPorts implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("trunkline.daemon");
    /** How often the worker of queue 0 reads the kernel ports when they were empty. */
    static final long POLL_INTERVAL_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

    private final KernelPath.Port[] kernelPorts;
    private final int queues;
    private final DataPorts started;
    private final List<String> devices;

    private ExceptionPorts(KernelPath.Port[] kernelPorts, int queues, DataPorts started, List<String> devices) {
        this.kernelPorts = kernelPorts;
        this.queues = queues;
        this.started = started;
        this.devices = devices;
    }

    /** Creates and configures the kernel ports of {@code config}'s data ports; none when no port has an exception path. */
    static ExceptionPorts start(TrunklineConfig config, DataPorts data, int workers, MbufPool pool) throws IOException {
        KernelPath.Port[] kernelPorts = new KernelPath.Port[config.ports().size()];
        List<String> devices = new ArrayList<>();
        List<Integer> indexes = new ArrayList<>();
        long[] macs = data.macs();
        for (int p = 0; p < kernelPorts.length; p++) {
            kernelPorts[p] = KernelPath.Port.NONE;
            PortConfig port = config.ports().get(p);
            if (port.exceptionPath().isPresent()) {
                String device = "net_tap" + p + ",iface=" + port.exceptionPath().get().interfaceName() + ",mac=" + MacAddress.format(macs[p]);
                Eal.probeDevice(device);
                devices.add(device);
                indexes.add(p);
            }
        }
        if (devices.isEmpty()) {
            return new ExceptionPorts(kernelPorts, workers, null, devices);
        }
        DataPorts started;
        try {
            started = DataPorts.start(devices, workers, pool);
        } catch (RuntimeException e) {
            devices.forEach(d -> removeQuietly(DataPorts.deviceName(d)));
            throw e;
        }
        ExceptionPorts ports = new ExceptionPorts(kernelPorts, workers, started, devices);
        try {
            for (int i = 0; i < indexes.size(); i++) {
                int p = indexes.get(i);
                PortConfig port = config.ports().get(p);
                ExceptionPathConfig exception = port.exceptionPath().orElseThrow();
                configureInterface(exception.interfaceName(), port);
                kernelPorts[p] = new KernelPath.Port(started.ids()[i], Math.max(1, exception.rate() / workers),
                        Math.max(1, exception.burst() / workers));
                LOG.info("exception path: port {} <-> kernel interface {} ({}), {} packets/s", port.name(),
                        exception.interfaceName(), MacAddress.format(macs[p]), exception.rate());
            }
        } catch (IOException | RuntimeException e) {
            ports.close();
            throw e;
        }
        return ports;
    }

    /** The exception path the workers use: {@link KernelPath.Port#NONE} for ports without one. */
    KernelPath kernelPath() {
        return new KernelPath(kernelPorts.clone(), queues, POLL_INTERVAL_NANOS);
    }

    /**
     * Keeps the kernel from giving a tap interface an IPv6 link-local address of its own: it would send router
     * and neighbour solicitations from an address the dispatcher does not answer for.
     */
    public static void withoutLinkLocal(String name) throws IOException {
        ip("link", "set", "dev", name, "addrgenmode", "none");
        ip("-6", "addr", "flush", "dev", name, "scope", "link");
    }

    private static void configureInterface(String name, PortConfig port) throws IOException {
        withoutLinkLocal(name);
        ip("link", "set", "dev", name, "mtu", Integer.toString(port.mtu()));
        for (Cidr cidr : port.addresses()) {
            if (cidr.address() instanceof Inet6Address) {
                ip("addr", "add", cidr.toString(), "dev", name, "nodad");
            } else {
                ip("addr", "add", cidr.toString(), "dev", name);
            }
        }
        ip("link", "set", "dev", name, "up");
    }

    private static void ip(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException("exception path: " + String.join(" ", command) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("exception path: interrupted while running " + String.join(" ", command), e);
        }
    }

    /** Stops the kernel ports and removes their devices: the kernel interfaces go with them. */
    @Override
    public void close() {
        if (started != null) {
            started.close();
        }
        devices.forEach(d -> removeQuietly(DataPorts.deviceName(d)));
    }

    private static void removeQuietly(String name) {
        try {
            Eal.removeVirtualDevice(name);
        } catch (RuntimeException e) {
            LOG.warn("exception path: removing {}: {}", name, e.toString());
        }
    }
}
