package io.trunkline.controlplane.cli;

import io.trunkline.bindings.dpdk.Eal;
import io.trunkline.fastpath.forward.DispatchReplay;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code trunkline bench dispatch}: the dispatcher's own worker on one core. The synthetic capture's
 * flows (UDP to the VIP 198.19.0.1:80, DSR over four backends by Maglev) replay forever: the first
 * pass opens a session per flow in a fresh session table, later passes are established flows served
 * by the flow cache. Prints Mpps each second, as {@code demo} does.
 */
@Command(name = "dispatch", description = "Replay a capture through the dispatch worker (sessions, flow cache, Maglev, DSR) and print Mpps.")
final class DispatchBenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ReplayOptions options;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        Path replay = options.replay();
        ReplayRun.startEal(options.lcore, "bench");
        try (DispatchReplay dispatch = new DispatchReplay(options.flows)) {
            out.printf("trunkline bench dispatch: %d flows of %d-byte UDP frames to a DSR VIP over %d backends, lcore %d%n",
                    options.flows, options.frameSize, DispatchReplay.BACKENDS, options.lcore);
            ReplayRun.run(out, replay, options, dispatch::engine);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the bench's files in /dev/shm", e);
        }
        Eal.cleanup();
    }
}
