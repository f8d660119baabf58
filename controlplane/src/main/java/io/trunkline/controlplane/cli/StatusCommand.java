package io.trunkline.controlplane.cli;

import io.trunkline.controlplane.admin.AdminClient;
import io.trunkline.controlplane.daemon.DispatcherStatus;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code trunkline status}: the dispatcher at a glance. */
@Command(name = "status", description = "Show the dispatcher at a glance: readiness, VIPs, backends, sessions, peers.")
final class StatusCommand extends DaemonCommand {
    @Override
    int run(AdminClient client) throws Exception {
        return show(client, "status", Map.of(), DispatcherStatus.class, (s, out) -> {
            out.printf("node       %s (id %d)%n", s.node(), s.nodeId());
            out.printf("version    %s%n", s.version());
            out.printf("readiness  %s%n", s.readiness());
            out.printf("uptime     %s%n", Human.millis(s.uptimeMillis()));
            out.printf("workers    %d on %d ports%n", s.workers(), s.ports());
            out.printf("vips       %d%n", s.vips());
            out.printf("backends   %d up of %d%n", s.backendsUp(), s.backends());
            out.printf("sessions   %d%n", s.sessions());
            out.printf("peers      %d up of %d%n", s.peersUp(), s.peers());
        });
    }
}
