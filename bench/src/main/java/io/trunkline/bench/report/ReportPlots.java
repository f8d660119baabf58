package io.trunkline.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler;

/**
 * PNG plots of a throughput bench report ({@code report.json} of {@code trunkline bench run}), written
 * beside it: {@code throughput.png} (each scenario's median Mpps, Trunkline against the testpmd
 * baselines), {@code flow-scaling.png} (the established IPv4 DSR 64-byte scenarios by flow count) and,
 * when a generator measured latency, {@code latency.png}.
 * Usage: {@code java -cp benchmarks.jar io.trunkline.bench.report.ReportPlots DIR}.
 */
public final class ReportPlots {
    private static final Map<String, String> ENGINES = Map.of("trunkline", "Trunkline dispatch worker", "testpmd_io", "dpdk-testpmd io",
            "testpmd_macswap", "dpdk-testpmd macswap");
    private static final List<String> ORDER = List.of("trunkline", "testpmd_io", "testpmd_macswap");

    private ReportPlots() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: ReportPlots DIR (the directory of report.json)");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        Path report = dir.resolve("report.json");
        if (!Files.isReadable(report)) {
            System.err.println("plots: cannot read " + report + " (run trunkline bench run first)");
            System.exit(1);
        }
        for (Path written : write(new ObjectMapper().readTree(report.toFile()), dir)) {
            System.out.println("plot: " + written);
        }
    }

    /** Writes the plots of {@code report} into {@code dir}; returns the files written. */
    public static List<Path> write(JsonNode report, Path dir) throws IOException {
        List<Path> written = new ArrayList<>();
        written.add(save(throughput(report), dir.resolve("throughput")));
        XYChart scaling = flowScaling(report);
        if (scaling != null) {
            written.add(save(scaling, dir.resolve("flow-scaling")));
        }
        XYChart latency = latency(report);
        if (latency != null) {
            written.add(save(latency, dir.resolve("latency")));
        }
        return written;
    }

    static CategoryChart throughput(JsonNode report) {
        CategoryChart chart = new CategoryChartBuilder().width(1400).height(700).title(title(report, "Throughput per scenario (median Mpps)"))
                .xAxisTitle("scenario").yAxisTitle("Mpps").build();
        CategoryStyler style = chart.getStyler();
        style.setLegendPosition(Styler.LegendPosition.InsideNE);
        style.setXAxisLabelRotation(35);
        style.setAvailableSpaceFill(0.8);
        List<JsonNode> measured = measured(report);
        List<String> names = measured.stream().map(s -> s.get("name").asText()).toList();
        for (String engine : ORDER) {
            chart.addSeries(ENGINES.get(engine), names, measured.stream().map(s -> s.get("mpps").path(engine).path("median").asDouble(0)).toList());
        }
        return chart;
    }

    /**
     * Mpps by flow count over the established IPv4 UDP DSR 64-byte scenarios that had the in-process
     * replay as their source (a second-process generator measures something else); null with fewer than two.
     */
    static XYChart flowScaling(JsonNode report) {
        List<JsonNode> points = new ArrayList<>(measured(report).stream().filter(s -> s.get("pattern").asText().equals("udp")
                && s.get("family").asText().equals("ipv4") && s.get("mode").asText().equals("dsr") && s.get("frame_size").asInt() == 64
                && s.get("generator").asText().equals("replay")).toList());
        if (points.size() < 2) {
            return null;
        }
        points.sort((a, b) -> Integer.compare(a.get("flows").asInt(), b.get("flows").asInt()));
        XYChart chart = new XYChartBuilder().width(900).height(600).title(title(report, "Established flows, in-process replay: Mpps by flow count"))
                .xAxisTitle("flows").yAxisTitle("Mpps").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        List<Double> flows = points.stream().map(p -> p.get("flows").asDouble()).toList();
        for (String engine : ORDER) {
            chart.addSeries(ENGINES.get(engine), flows, points.stream().map(p -> p.get("mpps").path(engine).path("median").asDouble(0)).toList());
        }
        return chart;
    }

    /** Latency percentiles of the scenarios whose generator measured them; null when none did. */
    static XYChart latency(JsonNode report) {
        XYChart chart = new XYChartBuilder().width(900).height(600).title(title(report, "Latency distribution"))
                .xAxisTitle("percentile").yAxisTitle("microseconds").build();
        measured(report).forEach(s -> {
            JsonNode latency = s.path("latency_us");
            if (latency.isObject() && !latency.isEmpty()) {
                List<Double> percentiles = new ArrayList<>();
                List<Double> micros = new ArrayList<>();
                latency.properties().forEach(e -> {
                    percentiles.add(Double.parseDouble(e.getKey().replace("p", "")));
                    micros.add(e.getValue().asDouble());
                });
                chart.addSeries(s.get("name").asText(), percentiles, micros);
            }
        });
        return chart.getSeriesMap().isEmpty() ? null : chart;
    }

    /** The scenarios that have figures (a failed one has an "error" instead). */
    private static List<JsonNode> measured(JsonNode report) {
        List<JsonNode> measured = new ArrayList<>();
        report.get("scenarios").forEach(s -> {
            if (s.has("mpps")) {
                measured.add(s);
            }
        });
        return measured;
    }

    private static String title(JsonNode report, String what) {
        JsonNode machine = report.path("machine");
        return what + " - " + machine.path("cpu").asText() + ", " + machine.path("cores").asInt() + " cores, " + report.path("date").asText();
    }

    private static Path save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path withoutExtension) throws IOException {
        BitmapEncoder.saveBitmap(chart, withoutExtension.toString(), BitmapEncoder.BitmapFormat.PNG);
        return withoutExtension.resolveSibling(withoutExtension.getFileName() + ".png");
    }
}
