package io.trunkline.controlplane.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.trunkline.controlplane.admin.AdminClient;
import io.trunkline.controlplane.admin.AdminProtocol;
import io.trunkline.controlplane.admin.ChangeReport;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/**
 * A command that asks the running daemon through its admin socket (docs/admin-api.md) and prints
 * the answer as text for an operator, or as the raw JSON result with {@code --json}. Failures reach
 * {@link TrunklineCommand}'s handler as one-line {@code AdminException}s: exit 1, no stack trace.
 */
abstract class DaemonCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    AdminOptions admin;

    @Override
    public final Integer call() throws Exception {
        try (AdminClient client = new AdminClient(admin.socket())) {
            int exit = run(client);
            out().flush();
            return exit;
        }
    }

    /** Asks the daemon, prints, and returns the exit code. */
    abstract int run(AdminClient client) throws Exception;

    final PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Calls {@code command} and prints its result: JSON with --json, else what {@code text} makes of it. */
    final <T> int show(AdminClient client, String command, Map<String, ?> args, Class<T> type, Text<T> text)
            throws Exception {
        JsonNode result = client.call(command, args);
        if (admin.json) {
            printJson(result);
        } else {
            text.print(read(result, type), out());
        }
        return 0;
    }

    /** A change: its summary (one line per change), or the report as JSON. */
    final int change(AdminClient client, String command, Map<String, ?> args) throws Exception {
        return show(client, command, args, ChangeReport.class, (report, out) -> out.println(report.summary()));
    }

    final void printJson(JsonNode result) throws JsonProcessingException {
        out().println(AdminProtocol.json().writerWithDefaultPrettyPrinter().writeValueAsString(result));
    }

    static <T> T read(JsonNode result, Class<T> type) throws JsonProcessingException {
        return AdminProtocol.json().treeToValue(result, type);
    }

    /** Prints a result for an operator. */
    @FunctionalInterface
    interface Text<T> {
        void print(T result, PrintWriter out) throws Exception;
    }
}
