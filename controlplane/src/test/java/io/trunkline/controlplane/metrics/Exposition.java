package io.trunkline.controlplane.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A reader of the Prometheus text format, just enough for tests: each sample line becomes
 * {@code name{label="value",...}} with labels in name order, mapped to its value.
 */
final class Exposition {
    private Exposition() {
    }

    static Map<String, Double> parse(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int valueStart = line.lastIndexOf(' ');
            samples.put(canonical(line.substring(0, valueStart)), Double.parseDouble(line.substring(valueStart + 1)));
        }
        return samples;
    }

    /** The series key a test writes: labels sorted by name, e.g. {@code m{a="1",b="2"}}. */
    static String series(String name, String... labelPairs) {
        TreeMap<String, String> labels = new TreeMap<>();
        for (int i = 0; i < labelPairs.length; i += 2) {
            labels.put(labelPairs[i], labelPairs[i + 1]);
        }
        return format(name, labels);
    }

    private static String canonical(String series) {
        int open = series.indexOf('{');
        if (open < 0) {
            return series;
        }
        TreeMap<String, String> labels = new TreeMap<>();
        String body = series.substring(open + 1, series.lastIndexOf('}'));
        for (String pair : body.split(",")) {
            int eq = pair.indexOf('=');
            labels.put(pair.substring(0, eq), pair.substring(eq + 2, pair.length() - 1));
        }
        return format(series.substring(0, open), labels);
    }

    private static String format(String name, TreeMap<String, String> labels) {
        if (labels.isEmpty()) {
            return name;
        }
        StringBuilder text = new StringBuilder(name).append('{');
        labels.forEach((k, v) -> text.append(k).append("=\"").append(v).append("\","));
        text.setLength(text.length() - 1);
        return text.append('}').toString();
    }
}
