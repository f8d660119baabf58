package io.trunkline.controlplane.cli;

import io.trunkline.bindings.dpdk.Eal;
import io.trunkline.fastpath.forward.PortForwarder;
import java.io.PrintWriter;
import java.lang.foreign.Arena;
import java.nio.file.Path;
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

    @CommandLine.Mixin
    ReplayOptions options;

    @Option(names = "--mode", defaultValue = "MACSWAP", description = "io or macswap (default ${DEFAULT-VALUE}).",
            converter = ModeConverter.class)
    PortForwarder.Mode mode;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        Path replay = options.replay();
        ReplayRun.startEal(options.lcore, "demo");
        out.printf("trunkline demo: %d flows of %d-byte UDP frames, net_pcap replay -> Java %s forwarder -> back out, lcore %d%n",
                options.flows, options.frameSize, mode.name().toLowerCase(Locale.ROOT), options.lcore);
        try (Arena arena = Arena.ofConfined()) {
            ReplayRun.run(out, replay, options, port -> new PortForwarder(port, 0, port, 0, mode, arena));
        }
        Eal.cleanup();
    }

    static final class ModeConverter implements CommandLine.ITypeConverter<PortForwarder.Mode> {
        @Override
        public PortForwarder.Mode convert(String value) {
            return PortForwarder.Mode.valueOf(value.toUpperCase(Locale.ROOT));
        }
    }
}
