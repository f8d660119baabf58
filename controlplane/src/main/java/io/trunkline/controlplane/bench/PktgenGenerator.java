package io.trunkline.controlplane.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Pktgen-DPDK in a second process on core 0 (its main and its port lcore both mapped there), serving
 * the net_memif socket the dispatcher connects to, driven by {@link PktgenScripts}: the scenario's
 * command file loaded by a Lua driver that reports the port's transmit counter each second.
 * <p>
 * Pktgen sets each port's MTU at start and gives up when the device refuses, which net_memif does:
 * {@code PKTGEN_VDEV} replaces the memif device with one that accepts it (for example
 * {@code net_af_xdp0,iface=IF} on one end of a veth pair whose other end the dispatcher uses; then
 * also set {@code PKTGEN_DISPATCHER_VDEV} for the dispatcher's side), or use a Pktgen built to
 * tolerate the refusal. See docs/bench.md.
 */
public record PktgenGenerator(String binary) implements Generator {
    private static final Pattern OPACKETS = Pattern.compile("^pktgen_opackets (-?\\d+)$", Pattern.MULTILINE);
    /** Seconds Pktgen runs: the longest measurement it serves plus start-up. */
    private static final int MAX_SECONDS = 300;
    private static final long STARTUP_SECONDS = 60;

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
        return dispatcherVdev(socket);
    }

    @Override
    public List<String> dispatcherOptions(Path capture, Path socket) {
        String vdev = System.getenv("PKTGEN_DISPATCHER_VDEV");
        return vdev == null || vdev.isBlank() ? List.of("--memif", socket.toString()) : List.of("--vdev", vdev);
    }

    private static String dispatcherVdev(Path socket) {
        String vdev = System.getenv("PKTGEN_DISPATCHER_VDEV");
        return vdev == null || vdev.isBlank() ? Testpmd.memifVdev(socket) : vdev;
    }

    @Override
    public Running start(Scenario scenario, Path capture, Path socket, Path work) throws IOException, InterruptedException {
        Path commands = work.resolve(scenario.name() + ".pkt");
        Path driver = work.resolve(scenario.name() + ".lua");
        Files.writeString(commands, PktgenScripts.commands(scenario, 100));
        Files.writeString(driver, PktgenScripts.driver(commands.toString(), MAX_SECONDS));
        Files.deleteIfExists(socket);
        ChildProcess pktgen = ChildProcess.start(command(scenario, capture, socket, driver), work.resolve("pktgen.log"),
                MAX_SECONDS + STARTUP_SECONDS);
        if (System.getenv("PKTGEN_VDEV") == null) {
            pktgen.awaitFile(socket, STARTUP_SECONDS);
        }
        return () -> perSecondMpps(pktgen.stop());
    }

    private List<String> command(Scenario scenario, Path capture, Path socket, Path driver) {
        String vdev = System.getenv("PKTGEN_VDEV");
        List<String> command = new ArrayList<>(List.of(binary, "--lcores", "0@0,1@0", "--main-lcore", "0", "--no-pci", "--in-memory",
                "--file-prefix", "trunkline-bench-pktgen-" + ProcessHandle.current().pid(), "--log-level", "lib.eal:error",
                "--vdev", vdev == null || vdev.isBlank() ? "net_memif0,role=server,id=0,socket-abstract=no,socket=" + socket : vdev,
                "--", "-P", "-m", "1.0", "-f", driver.toString()));
        if (!PktgenScripts.rangeMode(scenario.traffic())) {
            command.addAll(List.of("-s", "0:" + capture));
        }
        return command;
    }

    /** Differences of the per-second transmit counter, in Mpps. */
    static double[] perSecondMpps(String output) {
        long[] counts = OPACKETS.matcher(output).results().mapToLong(m -> Long.parseLong(m.group(1))).filter(c -> c >= 0).toArray();
        double[] rates = new double[Math.max(0, counts.length - 1)];
        for (int i = 1; i < counts.length; i++) {
            rates[i - 1] = (counts[i] - counts[i - 1]) / 1e6;
        }
        return rates;
    }
}
