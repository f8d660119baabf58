package io.trunkline.controlplane.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.trunkline.controlplane.admin.AdminClient;
import io.trunkline.controlplane.admin.AdminProtocol;
import io.trunkline.controlplane.admin.CounterSample;
import io.trunkline.controlplane.config.Units;
import io.trunkline.controlplane.daemon.CounterView;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code trunkline stats [--watch] [--interval T] [--count N]}: the fast path's counters. Watching,
 * each refresh shows the rate per second of every counter from the difference with the previous
 * sample, timed by the daemon's clock (like {@code ipvsadm --rate}); on a terminal the table is
 * redrawn in place, like {@code watch}; into a pipe the tables follow each other.
 */
@Command(name = "stats", description = "Show the fast-path counters; --watch refreshes them with rates per second.")
final class StatsCommand extends DaemonCommand {
    /** ANSI: cursor home, clear the screen. */
    private static final String REDRAW = "\033[H\033[2J";

    @Option(names = "--watch", description = "Refresh every --interval until Ctrl-C (or --count times), with rates per second.")
    boolean watch;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "1s",
            description = "Time between refreshes (default ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--count", paramLabel = "N", description = "Stop after N refreshes (implies --watch).")
    Integer count;

    @Override
    int run(AdminClient client) throws Exception {
        if (!watch && count == null) {
            return show(client, "stats", Map.of(), CounterSample.class, (sample, out) -> table(sample, null).print(out));
        }
        boolean terminal = System.console() != null && System.console().isTerminal();
        CounterSample previous = null;
        for (int i = 1; count == null || i <= count; i++) {
            if (i > 1) {
                Thread.sleep(interval);
            }
            JsonNode result = client.call("stats", Map.of());
            CounterSample sample = read(result, CounterSample.class);
            if (admin.json) {
                out().println(AdminProtocol.json().writeValueAsString(result));
            } else {
                redraw(out(), terminal, i, table(sample, previous));
            }
            out().flush();
            previous = sample;
        }
        return 0;
    }

    private void redraw(PrintWriter out, boolean terminal, int refresh, TextTable table) {
        if (terminal) {
            out.print(REDRAW);
        } else if (refresh > 1) {
            out.println();
        }
        out.println("every " + Units.formatDuration(interval) + ", refresh " + refresh + (count == null ? "" : " of " + count)
                + (terminal ? " (Ctrl-C to stop)" : ""));
        table.print(out);
    }

    /** The counters, and their rates when there is a previous sample to compare with. */
    private TextTable table(CounterSample sample, CounterSample previous) {
        if (!watch && count == null) {
            TextTable table = new TextTable("COUNTER", "VALUE");
            sample.counters().forEach(c -> table.row(c.name(), c.value()));
            return table;
        }
        Map<String, Long> before = new HashMap<>();
        if (previous != null) {
            previous.counters().forEach(c -> before.put(c.name(), c.value()));
        }
        long elapsedNanos = previous == null ? 0 : sample.sampledAtNanos() - previous.sampledAtNanos();
        TextTable table = new TextTable("COUNTER", "VALUE", "PER SECOND");
        for (CounterView c : sample.counters()) {
            Long old = before.get(c.name());
            boolean rated = old != null && elapsedNanos > 0 && c.value() >= old;
            table.row(c.name(), c.value(), rated ? (Object) Math.round((c.value() - old) * 1e9 / elapsedNanos) : TextTable.NONE);
        }
        return table;
    }
}
