package io.trunkline.controlplane.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Command lines of dpdk-testpmd (the Debian package's binary) as a baseline forwarder and as a
 * generator, and its statistics read back. One port: testpmd forwards it back to itself, as the
 * Trunkline worker does.
 */
final class Testpmd {
    static final String BINARY = "dpdk-testpmd";
    private static final Pattern RX_PPS = Pattern.compile("Rx-pps:\\s+(\\d+)");
    private static final Pattern TX_PPS = Pattern.compile("Tx-pps:\\s+(\\d+)");

    private Testpmd() {
    }

    /**
     * A forwarder with {@code engine} (io, macswap) on {@code core}, its main lcore on core 0 printing
     * statistics each second.
     */
    static List<String> forwarder(String engine, String vdev, long mbufs, int maxFrame, int core, String prefix) {
        List<String> command = eal("0," + core, prefix, vdev);
        command.addAll(List.of("--forward-mode=" + engine, "--mbuf-size=" + mbufSize(maxFrame), "--total-num-mbufs=" + mbufs,
                "--stats-period", "1"));
        return command;
    }

    /**
     * txonly with {@code --txonly-multi-flow}: UDP from 256 source addresses (198.19.N.2, derived from
     * the destination by testpmd) to the VIP 198.19.0.1 port 80, {@code frameSize}-byte frames, on core 0
     * (both of its lcores mapped there), serving the memif socket.
     */
    static List<String> txonlyGenerator(Path socket, int frameSize, String prefix) {
        List<String> command = new ArrayList<>(List.of(BINARY, "--lcores", "0@0,1@0", "--main-lcore", "0", "--no-pci", "--in-memory",
                "--file-prefix", prefix, "--no-telemetry", "--log-level", "lib.eal:error",
                "--vdev", "net_memif0,role=server,id=0,socket-abstract=no,socket=" + socket, "--"));
        command.addAll(List.of("--forward-mode=txonly", "--txonly-multi-flow", "--tx-ip=198.18.0.1,198.19.0.1", "--tx-udp=1024,80",
                "--txpkts=" + frameSize, "--eth-peer=0,02:00:00:00:00:02", "--mbuf-size=" + mbufSize(frameSize),
                "--total-num-mbufs=16384", "--stats-period", "1"));
        return command;
    }

    private static List<String> eal(String lcores, String prefix, String vdev) {
        return new ArrayList<>(List.of(BINARY, "-l", lcores, "--main-lcore", "0", "--no-pci", "--in-memory", "--file-prefix", prefix,
                "--no-telemetry", "--log-level", "lib.eal:error", "--vdev", vdev, "--"));
    }

    /** net_pcap replaying {@code capture} forever and dropping what is sent, the source every engine shares. */
    static String replayVdev(Path capture) {
        return "net_pcap0,rx_pcap=" + capture + ",infinite_rx=1";
    }

    /** The client end of the generator's memif socket. */
    static String memifVdev(Path socket) {
        return "net_memif0,role=client,id=0,socket-abstract=no,socket=" + socket;
    }

    /** Per-second receive rates of the output, Mpps, the first {@code skip} and idle seconds left out. */
    static double[] rxMpps(String output, int skip) {
        return rates(RX_PPS, output, skip);
    }

    /** Per-second transmit rates (a generator's), Mpps. */
    static double[] txMpps(String output, int skip) {
        return rates(TX_PPS, output, skip);
    }

    private static double[] rates(Pattern pattern, String output, int skip) {
        return pattern.matcher(output).results().mapToDouble(m -> Long.parseLong(m.group(1)) / 1e6).filter(v -> v > 0)
                .skip(skip).toArray();
    }

    /** testpmd's --mbuf-size: headroom plus the frame in whole cache lines. */
    private static int mbufSize(int maxFrame) {
        return 128 + (maxFrame + 63) / 64 * 64;
    }
}
