package io.trunkline.controlplane.bench;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.trunkline.fastpath.pcap.SyntheticTraffic.Pattern;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * {@code report.json}: the machine, the date, the command, and per scenario the Mpps of Trunkline
 * and of each baseline (every run, min, median, max) and the ratios of the medians.
 * <pre>
 * { "date", "command", "machine": {hostname, cpu, cores, kernel, java, dpdk},
 *   "settings": {runs, seconds, core}, "generators": {name: installed},
 *   "scenarios": [ { name, description, shape, unit, family, pattern, flows, frame_size, mode,
 *       generator, dispatcher_command,
 *       "mpps": { "trunkline" | "testpmd_io" | "testpmd_macswap" | "generator":
 *                 {min, median, max, runs: [..]} },
 *       "ratio": {vs_testpmd_io, vs_testpmd_macswap},
 *       new_connections_per_second (new-flow scenarios), sessions_opened, sync_records_dropped,
 *       "latency_us": {p50, p90, p99, p99.9, p100} of the generator's probes through the dispatcher, or null
 *       when its generator measures none, latency_samples }
 *     or, for a scenario that failed, its name, traffic and "error" ] }
 * </pre>
 */
public final class BenchReport {
    private BenchReport() {
    }

    /** Writes the report of {@code results} to {@code file}, creating its directory. */
    public static void write(Path file, String command, BenchRunner.Settings settings, List<BenchRunner.Result> results) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (JsonGenerator json = new JsonFactory().createGenerator(file.toFile(), JsonEncoding.UTF8)) {
                json.useDefaultPrettyPrinter();
                json.writeStartObject();
                json.writeStringField("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
                json.writeStringField("command", command);
                machine(json);
                json.writeObjectFieldStart("settings");
                json.writeNumberField("runs", settings.runs());
                json.writeNumberField("seconds", settings.seconds());
                json.writeNumberField("core", settings.core());
                json.writeEndObject();
                json.writeObjectFieldStart("generators");
                for (Generator g : settings.generators()) {
                    json.writeBooleanField(g.name(), g.installed());
                }
                json.writeEndObject();
                json.writeArrayFieldStart("scenarios");
                for (BenchRunner.Result r : results) {
                    scenario(json, r);
                }
                json.writeEndArray();
                json.writeEndObject();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the bench report " + file + ": " + e.getMessage(), e);
        }
    }

    private static void scenario(JsonGenerator json, BenchRunner.Result r) throws IOException {
        Scenario s = r.scenario();
        json.writeStartObject();
        json.writeStringField("name", s.name());
        json.writeStringField("description", s.description());
        json.writeStringField("shape", s.shape());
        json.writeStringField("unit", s.unit());
        json.writeStringField("family", s.traffic().family().name().toLowerCase(Locale.ROOT));
        json.writeStringField("pattern", s.traffic().pattern().name().toLowerCase(Locale.ROOT));
        json.writeNumberField("flows", s.traffic().flows());
        json.writeNumberField("frame_size", s.traffic().frameSize());
        json.writeStringField("mode", s.mode().name().toLowerCase(Locale.ROOT));
        if (r.error() != null) {
            json.writeStringField("error", r.error());
            json.writeEndObject();
            return;
        }
        json.writeStringField("generator", r.generator());
        json.writeStringField("dispatcher_command", r.dispatcherCommand());
        json.writeObjectFieldStart("mpps");
        spread(json, "trunkline", r.trunkline());
        for (String engine : BenchRunner.BASELINES) {
            spread(json, "testpmd_" + engine, r.baseline(engine));
        }
        if (r.generatorMpps().values().length > 0) {
            spread(json, "generator", r.generatorMpps());
        }
        json.writeEndObject();
        json.writeObjectFieldStart("ratio");
        for (String engine : BenchRunner.BASELINES) {
            json.writeNumberField("vs_testpmd_" + engine, round(r.trunkline().ratioTo(r.baseline(engine))));
        }
        json.writeEndObject();
        if (s.traffic().pattern() == Pattern.TCP_SYN) {
            json.writeNumberField("new_connections_per_second", Math.round(r.trunkline().median() * 1e6));
        } else if (s.traffic().pattern() == Pattern.TCP_SHORT) {
            json.writeNumberField("new_connections_per_second", Math.round(r.trunkline().median() * 1e6 / s.traffic().pattern().packetsPerFlow()));
        }
        json.writeNumberField("sessions_opened", r.sessionsOpened());
        json.writeNumberField("sync_records_dropped", r.syncRecordsDropped());
        latency(json, r.latency());
        json.writeEndObject();
    }

    private static void latency(JsonGenerator json, Latency latency) throws IOException {
        if (latency.isEmpty()) {
            json.writeNullField("latency_us");
            return;
        }
        json.writeObjectFieldStart("latency_us");
        for (var p : latency.percentilesMicros().entrySet()) {
            json.writeNumberField(p.getKey(), round(p.getValue()));
        }
        json.writeEndObject();
        json.writeNumberField("latency_samples", latency.samples());
    }

    private static void spread(JsonGenerator json, String name, Spread spread) throws IOException {
        json.writeObjectFieldStart(name);
        json.writeNumberField("min", round(spread.min()));
        json.writeNumberField("median", round(spread.median()));
        json.writeNumberField("max", round(spread.max()));
        json.writeArrayFieldStart("runs");
        for (double v : spread.values()) {
            json.writeNumber(round(v));
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void machine(JsonGenerator json) throws IOException {
        json.writeObjectFieldStart("machine");
        json.writeStringField("hostname", InetAddress.getLocalHost().getHostName());
        json.writeStringField("cpu", cpuModel());
        json.writeNumberField("cores", Runtime.getRuntime().availableProcessors());
        json.writeStringField("kernel", System.getProperty("os.version"));
        json.writeStringField("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        json.writeStringField("dpdk", dpdkVersion());
        json.writeEndObject();
    }

    private static String cpuModel() throws IOException {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(cpuinfo)) {
            return "unknown";
        }
        return Files.readAllLines(cpuinfo).stream().filter(l -> l.startsWith("model name")).findFirst()
                .map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown");
    }

    private static String dpdkVersion() {
        try {
            Process p = new ProcessBuilder("pkg-config", "--modversion", "libdpdk").redirectErrorStream(true).start();
            String version = new String(p.getInputStream().readAllBytes()).strip();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? version : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
