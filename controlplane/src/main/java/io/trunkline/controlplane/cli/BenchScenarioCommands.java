package io.trunkline.controlplane.cli;

import io.trunkline.controlplane.bench.BenchReport;
import io.trunkline.controlplane.bench.BenchRunner;
import io.trunkline.controlplane.bench.Generator;
import io.trunkline.controlplane.bench.Scenario;
import io.trunkline.controlplane.bench.Scenarios;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code trunkline bench list} and {@code trunkline bench run}: the throughput scenarios (docs/bench.md). */
final class BenchScenarioCommands {
    private BenchScenarioCommands() {
    }

    /** {@code trunkline bench list}: every scenario, its traffic and the generator this machine would use. */
    @Command(name = "list", description = "List the bench scenarios and the generator each would use here.")
    static final class ListCommand implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            List<Generator> generators = Generator.preferred();
            for (Generator g : generators) {
                out.printf("generator %-15s %s%n", g.name(), g.installed() ? "installed" : "not installed");
            }
            for (Scenario s : Scenarios.all()) {
                out.printf("%-26s %-16s %s%n    %s%n", s.name(), Generator.choose(generators, s).name(), s.shape(), s.description());
            }
            out.flush();
        }
    }

    /** {@code trunkline bench run}: scenarios against the testpmd baselines, report.json written. */
    @Command(name = "run", description = "Run bench scenarios side by side with dpdk-testpmd io and macswap; write report.json.")
    static final class RunCommand implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(arity = "0..*", paramLabel = "SCENARIO",
                description = "Scenarios to run (see bench list), or 'default' (all but two NAT twins; the default), 'all' or 'quick'.")
        List<String> scenarios = new ArrayList<>(List.of("default"));

        @Option(names = "--runs", defaultValue = "3", description = "Repeats of each engine (default ${DEFAULT-VALUE}).")
        int runs;

        @Option(names = "--seconds", defaultValue = "3", description = "Measured seconds of each run (default ${DEFAULT-VALUE}).")
        int seconds;

        @Option(names = "--core", defaultValue = "1", description = "The core every forwarder runs on; generators use core 0 (default ${DEFAULT-VALUE}).")
        int core;

        @Option(names = "--generator", defaultValue = "auto",
                description = "auto (Pktgen, else testpmd, else replay: the first that can make the scenario), pktgen, testpmd-txonly or replay.")
        String generator;

        @Option(names = "--out", defaultValue = "bench/results/latest", description = "Directory of report.json (default ${DEFAULT-VALUE}).")
        Path out;

        @Override
        public void run() {
            PrintWriter console = spec.commandLine().getOut();
            BenchRunner.Settings settings = new BenchRunner.Settings(runs, seconds, core, generators(), thisTrunkline());
            List<BenchRunner.Result> results = new BenchRunner(settings, console).run(Scenarios.select(scenarios));
            Path report = out.resolve("report.json");
            BenchReport.write(report, "trunkline " + String.join(" ", spec.commandLine().getParseResult().originalArgs()),
                    settings, results);
            summary(console, results);
            console.printf("report: %s%n", report);
            console.flush();
            List<String> failed = results.stream().filter(r -> r.error() != null).map(r -> r.scenario().name()).toList();
            if (!failed.isEmpty()) {
                throw new IllegalStateException(failed.size() + " of " + results.size() + " scenarios failed: " + String.join(", ", failed)
                        + " (their errors are above and in " + report + ")");
            }
        }

        private List<Generator> generators() {
            List<Generator> preferred = Generator.preferred();
            if (generator.equals("auto")) {
                return preferred;
            }
            List<Generator> named = preferred.stream().filter(g -> g.name().equals(generator)).toList();
            if (named.isEmpty()) {
                throw new IllegalArgumentException("no generator '" + generator + "' (auto, "
                        + String.join(", ", preferred.stream().map(Generator::name).toList()) + ")");
            }
            return named;
        }

        private static void summary(PrintWriter out, List<BenchRunner.Result> results) {
            out.printf("%-26s %-15s %22s %22s %22s %8s %8s%n", "scenario", "generator", "trunkline Mpps", "testpmd io Mpps",
                    "testpmd macswap Mpps", "x io", "x macsw");
            for (BenchRunner.Result r : results) {
                if (r.error() != null) {
                    out.printf("%-26s FAILED: %s%n", r.scenario().name(), r.error());
                    continue;
                }
                out.printf(Locale.ROOT, "%-26s %-15s %22s %22s %22s %8.2f %8.2f%n", r.scenario().name(), r.generator(), spread(r.trunkline()),
                        spread(r.baseline("io")), spread(r.baseline("macswap")), r.trunkline().ratioTo(r.baseline("io")),
                        r.trunkline().ratioTo(r.baseline("macswap")));
            }
        }

        private static String spread(io.trunkline.controlplane.bench.Spread s) {
            return String.format(Locale.ROOT, "%.2f/%.2f/%.2f", s.min(), s.median(), s.max());
        }
    }

    /** The command that starts this same program: this JVM, its options and class path. */
    static List<String> thisTrunkline() {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow(() -> new IllegalStateException("cannot tell which java runs this")));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> !a.startsWith("-javaagent") && !a.startsWith("-agentlib")).toList());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(TrunklineCommand.class.getName());
        return command;
    }
}
