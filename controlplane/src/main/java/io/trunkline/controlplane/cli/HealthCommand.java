package io.trunkline.controlplane.cli;

import io.trunkline.controlplane.admin.AdminClient;
import io.trunkline.controlplane.daemon.BackendHealthView;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code trunkline health}: every backend's damped health-check state. */
@Command(name = "health", description = "Show each backend's health: state, checks, failures, last result and latency.")
final class HealthCommand extends DaemonCommand {
    @Override
    int run(AdminClient client) throws Exception {
        return show(client, "health", Map.of(), BackendHealthView[].class, (backends, out) -> {
            TextTable table = new TextTable("POOL", "BACKEND", "ADDRESS", "STATE", "ADMIN", "WEIGHT", "SESSIONS", "CHECKS",
                    "FAILURES", "LATENCY", "LAST RESULT");
            for (BackendHealthView h : backends) {
                table.row(h.pool(), h.backend(), h.address(), h.state(), h.admin(), h.weight(), h.sessions(), h.checks(),
                        h.failures(), Human.micros(h.lastLatencyMicros()), h.lastResult());
            }
            table.print(out);
        });
    }
}
