package io.trunkline.controlplane.cli;

import io.trunkline.bindings.dpdk.Eal;
import io.trunkline.fastpath.forward.ReplayEngine;
import io.trunkline.fastpath.forward.ReplayForwarding;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** What the demo and the benches share: the EAL on one core, a replayed capture, a line of Mpps a second. */
final class ReplayRun {
    private ReplayRun() {
    }

    /** The capture to replay: {@code given} if set, else a generated one of {@code flows} frames. */
    static Path capture(Path given, int flows, int frameSize) {
        if (given == null) {
            return BenchCommand.CaptureCommand.temporaryCapture(flows, frameSize);
        }
        if (!Files.isReadable(given)) {
            throw new IllegalArgumentException("cannot read the capture " + given);
        }
        return given;
    }

    /** Starts the EAL with hugepages on {@code lcore}, the calling thread becoming that lcore. */
    static void startEal(int lcore, String name) {
        Eal.init(List.of("-l", Integer.toString(lcore), "--no-pci", "--in-memory",
                "--file-prefix", "trunkline-" + name + "-" + ProcessHandle.current().pid(), "--log-level", "lib.eal:error", "--no-telemetry"));
    }

    /** Replays for the given seconds, printing each second's rate and then the median. */
    static ReplayForwarding.Result run(PrintWriter out, Path capture, ReplayOptions options, ReplayEngine.Factory engine) {
        ReplayForwarding.Result result = ReplayForwarding.run(capture, options.flows, Math.max(options.frameSize, 64), options.seconds, engine, mpps -> {
            out.printf(Locale.ROOT, "  %.2f Mpps%n", mpps);
            out.flush();
        });
        out.printf(Locale.ROOT, "forwarded %d packets, median %.2f Mpps (%.0f packets/s)%n",
                result.packets(), result.median(), result.median() * 1e6);
        out.flush();
        return result;
    }
}
