package io.trunkline.controlplane.cli;

import io.trunkline.controlplane.admin.AdminClient;
import io.trunkline.controlplane.daemon.NeighbourView;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code trunkline neighbours}: the neighbour table, resolved by ARP and neighbour discovery. */
@Command(name = "neighbours", description = "Show the neighbour table: each router, backend and peer, its MAC and state.")
final class NeighboursCommand extends DaemonCommand {
    @Override
    int run(AdminClient client) throws Exception {
        return show(client, "neighbours", Map.of(), NeighbourView[].class, (neighbours, out) -> {
            TextTable table = new TextTable("PORT", "ADDRESS", "STATE", "MAC", "FOR", "REQUESTS", "FAILURES");
            for (NeighbourView n : neighbours) {
                table.row(n.port(), n.address(), n.state(), n.mac().isEmpty() ? "-" : n.mac(), Human.millis(n.sinceChangeMillis()),
                        n.requests(), n.failures());
            }
            table.print(out);
        });
    }
}
