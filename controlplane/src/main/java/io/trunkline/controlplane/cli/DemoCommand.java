package io.trunkline.controlplane.cli;

import io.trunkline.bindings.dpdk.Eal;
import io.trunkline.fastpath.forward.PortForwarder;
import io.trunkline.fastpath.forward.ReplayForwarding;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code trunkline demo}: real DPDK driven from Java on virtual devices. A generated capture of
 * client-to-VIP traffic replays through net_pcap into the Java forwarder and out to net_null;
 * prints packets per second as it goes.
 */
@Command(name = "demo", description = "Forward a replayed capture through the Java DPDK fast path and print packets/s.")
final class DemoCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--seconds", defaultValue = "5", description = "How long to forward (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--flows", defaultValue = "1024", description = "Distinct client flows in the capture (default ${DEFAULT-VALUE}).")
    int flows;

    @Option(names = "--frame-size", defaultValue = "64", description = "Frame size in bytes (default ${DEFAULT-VALUE}).")
    int frameSize;

    @Option(names = "--mode", defaultValue = "MACSWAP", description = "io or macswap (default ${DEFAULT-VALUE}).",
            converter = ModeConverter.class)
    PortForwarder.Mode mode;

    @Option(names = "--capture", description = "Replay this capture (of at most --flows frames) instead of a generated one.")
    Path capture;

    @Option(names = "--lcore", defaultValue = "0", description = "The core to forward on (default ${DEFAULT-VALUE}).")
    int lcore;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        if (capture == null) {
            capture = BenchCommand.CaptureCommand.temporaryCapture(flows, frameSize);
        } else if (!Files.isReadable(capture)) {
            throw new IllegalArgumentException("cannot read the capture " + capture);
        }
        Eal.init(List.of("-l", Integer.toString(lcore), "--no-pci", "--in-memory",
                "--file-prefix", "trunkline-demo-" + ProcessHandle.current().pid(), "--log-level", "lib.eal:error", "--no-telemetry"));
        out.printf("trunkline demo: %d flows of %d-byte UDP frames, net_pcap replay -> Java %s forwarder -> net_null, lcore %d%n",
                flows, frameSize, mode.name().toLowerCase(Locale.ROOT), lcore);
        ReplayForwarding.Result result = ReplayForwarding.run(capture, flows, seconds, mode,
                mpps -> out.printf(Locale.ROOT, "  %.2f Mpps%n", mpps));
        out.printf(Locale.ROOT, "forwarded %d packets, median %.2f Mpps (%.0f packets/s)%n",
                result.packets(), result.median(), result.median() * 1e6);
        out.flush();
        Eal.cleanup();
    }

    static final class ModeConverter implements CommandLine.ITypeConverter<PortForwarder.Mode> {
        @Override
        public PortForwarder.Mode convert(String value) {
            return PortForwarder.Mode.valueOf(value.toUpperCase(Locale.ROOT));
        }
    }
}
