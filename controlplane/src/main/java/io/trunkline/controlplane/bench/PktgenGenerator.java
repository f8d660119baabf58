package io.trunkline.controlplane.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Pktgen-DPDK in a second process on core 0 (its main and its port lcore both mapped there), serving
 * the net_memif socket the dispatcher connects to, driven by {@link PktgenScripts}: the scenario's
 * command file loaded by a Lua driver that reports the port's transmit counter each second and, in
 * the IPv4 UDP scenarios, samples the round trip of its timestamped probes through the dispatcher.
 * <p>
 * Pktgen sets each port's MTU at start and gives up when the device refuses, which net_memif does:
 * run a Pktgen built to take the refusal as a warning, or set {@code PKTGEN_VDEV} to a device that
 * accepts it (for example {@code net_af_xdp0,iface=IF} on one end of a veth pair whose other end the
 * dispatcher uses; then also set {@code PKTGEN_DISPATCHER_VDEV} for the dispatcher's side). See
 * docs/bench.md.
 * <p>
 * Its memory is the process's own ({@code --no-huge}): Pktgen sizes every mbuf for jumbo frames
 * (10 KiB) in five pools of 24 576 per port, about 1.3 GB, more than the shared hugepages of these
 * machines can spare beside the dispatcher and testpmd.
 */
public record PktgenGenerator(String binary) implements Generator {
    private static final Pattern OPACKETS = Pattern.compile("^pktgen_opackets (\\d+)\\r?$", Pattern.MULTILINE);
    /** Seconds Pktgen runs at most: the longest measurement it serves plus start-up. */
    private static final int MAX_SECONDS = 300;
    private static final long STARTUP_SECONDS = 60;
    /** Seconds Pktgen gets to stop its port, write its latency samples and quit once asked (its driver waits 1 s before it quits). */
    private static final long QUIT_SECONDS = 10;
    /** MiB of (non-hugepage) memory: the pools above plus a replayed capture's. */
    private static final int MEMORY_MB = 2048;

    /** {@code PKTGEN} if set, else {@code pktgen} on PATH. */
    static String configuredBinary() {
        String configured = System.getenv("PKTGEN");
        return configured == null || configured.isBlank() ? "pktgen" : configured;
    }

    @Override
    public String name() {
        return "pktgen";
    }

    @Override
    public boolean installed() {
        return Generator.onPath(binary);
    }

    @Override
    public boolean supports(Scenario scenario) {
        return true;
    }

    @Override
    public String baselineVdev(Path capture, Path socket) {
        String vdev = System.getenv("PKTGEN_DISPATCHER_VDEV");
        return vdev == null || vdev.isBlank() ? Testpmd.memifVdev(socket) : vdev;
    }

    @Override
    public List<String> dispatcherOptions(Path capture, Path socket) {
        String vdev = System.getenv("PKTGEN_DISPATCHER_VDEV");
        return vdev == null || vdev.isBlank() ? List.of("--memif", socket.toString()) : List.of("--vdev", vdev);
    }

    @Override
    public Optional<Path> stoppedFile(Path work) {
        return Optional.of(work.resolve("pktgen.stopped"));
    }

    /**
     * Starts Pktgen and returns once its port sends (its pools take seconds to build; a memif client
     * started before would wait out part of its measurement). Stopping it asks the driver to quit
     * through a file, so that Pktgen writes its latency samples, and kills it only if it does not.
     */
    @Override
    public Running start(Scenario scenario, Path capture, Path socket, Path work) throws IOException, InterruptedException {
        Path commands = work.resolve(scenario.name() + ".pkt");
        Path driver = work.resolve(scenario.name() + ".lua");
        Path stopFile = work.resolve("pktgen.stop");
        Path latencyFile = work.resolve("pktgen-latency.txt");
        Path stoppedFile = stoppedFile(work).orElseThrow();
        Files.deleteIfExists(stopFile);
        Files.deleteIfExists(stoppedFile);
        Files.deleteIfExists(latencyFile);
        Files.writeString(commands, PktgenScripts.commands(scenario, 100));
        Files.writeString(driver, PktgenScripts.driver(scenario, commands.toString(), stopFile.toString(), stoppedFile.toString(),
                latencyFile.toString(), MAX_SECONDS));
        Files.deleteIfExists(socket);
        ChildProcess pktgen = ChildProcess.start(command(scenario, capture, socket, driver), work.resolve("pktgen.log"),
                MAX_SECONDS + STARTUP_SECONDS);
        pktgen.awaitLine(PktgenScripts.SENDING, STARTUP_SECONDS);
        return () -> {
            Files.writeString(stopFile, "stop\n");
            pktgen.awaitExit(QUIT_SECONDS);
            double[] mpps = perSecondMpps(pktgen.stop());
            return new Generated(mpps, Files.exists(latencyFile) ? new Latency(latencyNanos(Files.readString(latencyFile))) : Latency.NONE);
        };
    }

    private List<String> command(Scenario scenario, Path capture, Path socket, Path driver) {
        String vdev = System.getenv("PKTGEN_VDEV");
        List<String> command = new ArrayList<>(List.of(binary, "--lcores", "0@0,1@0", "--main-lcore", "0", "--no-pci", "--no-huge",
                "--no-shconf", "-m", Integer.toString(MEMORY_MB), "--file-prefix", "trunkline-bench-pktgen-" + ProcessHandle.current().pid(),
                "--log-level", "lib.eal:error",
                "--vdev", vdev == null || vdev.isBlank() ? "net_memif0,role=server,id=0,socket-abstract=no,socket=" + socket : vdev,
                "--", "-P", "-m", "1.0", "-f", driver.toString()));
        if (!PktgenScripts.rangeMode(scenario.traffic())) {
            command.addAll(List.of("-s", "0:" + capture));
        }
        return command;
    }

    /**
     * Differences of the per-second transmit counter, in Mpps: the seconds it sent in, the first and
     * the last left out (partial: the dispatcher connects and leaves within them).
     */
    static double[] perSecondMpps(String output) {
        long[] counts = OPACKETS.matcher(output).results().mapToLong(m -> Long.parseLong(m.group(1))).toArray();
        double[] sent = new double[Math.max(0, counts.length - 1)];
        int n = 0;
        for (int i = 1; i < counts.length; i++) {
            if (counts[i] > counts[i - 1]) {
                sent[n++] = (counts[i] - counts[i - 1]) / 1e6;
            }
        }
        return n > 2 ? Arrays.copyOfRange(sent, 1, n - 1) : new double[0];
    }

    /** The round trips of Pktgen's latency sampler file: a {@code Latency} header, then one value (ns) a line. */
    static long[] latencyNanos(String file) {
        return file.lines().map(String::strip).filter(l -> !l.isEmpty() && Character.isDigit(l.charAt(0))).mapToLong(Long::parseLong).toArray();
    }
}
