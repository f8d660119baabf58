package io.trunkline.controlplane.cli;

import io.trunkline.controlplane.bench.Scenarios;
import io.trunkline.fastpath.pcap.SyntheticTraffic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code trunkline bench ...}: the pieces the bench scripts drive. */
@Command(name = "bench", description = "Throughput benches and their helpers (see docs/bench.md).",
        subcommands = {BenchScenarioCommands.ListCommand.class, BenchScenarioCommands.RunCommand.class, BenchCommand.CaptureCommand.class,
            DispatchBenchCommand.class, HostServicesBenchCommand.class})
final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a bench command is required");
    }

    /** {@code trunkline bench capture}: writes the synthetic client-to-VIP capture the benches replay. */
    @Command(name = "capture", description = "Write a capture of client-to-VIP UDP frames, one per flow, or one pass of a bench scenario's traffic.")
    static final class CaptureCommand implements Runnable {
        @Option(names = "--scenario", description = "Write this bench scenario's traffic (see bench list) instead; --flows and --frame-size are then its own.")
        String scenario;

        @Option(names = "--file", required = true, description = "The pcap file to write.")
        Path file;

        @Option(names = "--flows", defaultValue = "1024", description = "Distinct client flows (default ${DEFAULT-VALUE}).")
        int flows;

        @Option(names = "--frame-size", defaultValue = "64", description = "Frame size in bytes (default ${DEFAULT-VALUE}).")
        int frameSize;

        @Override
        public void run() {
            if (scenario == null) {
                write(file, flows, frameSize);
                return;
            }
            try {
                SyntheticTraffic.write(file, Scenarios.named(scenario).traffic());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
            }
        }

        static Path temporaryCapture(int flows, int frameSize) {
            try {
                Path file = Files.createTempFile("trunkline-capture-", ".pcap");
                file.toFile().deleteOnExit();
                return write(file, flows, frameSize);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write a capture in " + System.getProperty("java.io.tmpdir"), e);
            }
        }

        private static Path write(Path file, int flows, int frameSize) {
            if (flows < 1 || frameSize < 60 || frameSize > 1514) {
                throw new IllegalArgumentException("--flows must be >= 1 and --frame-size within 60..1514");
            }
            try {
                SyntheticTraffic.writeUdpCapture(file, flows, flows, frameSize);
                return file;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
            }
        }
    }
}
