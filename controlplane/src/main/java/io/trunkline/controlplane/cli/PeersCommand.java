package io.trunkline.controlplane.cli;

import io.trunkline.controlplane.admin.AdminClient;
import io.trunkline.controlplane.replication.PeerStats;
import io.trunkline.controlplane.replication.ReplicationStats;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code trunkline peers}: replication of the shared table, this dispatcher and each peer link. */
@Command(name = "peers", description = "Show replication: this dispatcher's readiness and each peer's state and figures.")
final class PeersCommand extends DaemonCommand {
    @Override
    int run(AdminClient client) throws Exception {
        return show(client, "peers", Map.of(), ReplicationStats.class, (r, out) -> {
            out.printf("node %d over %s: %s, last data sequence %d, unattributed rejects %d, dropped changes %d%n",
                    r.nodeId(), r.transport(), r.readiness(), r.lastDataSequence(), r.unattributedRejects(), r.droppedChanges());
            TextTable table = new TextTable("PEER", "STATE", "READINESS", "SENT", "RECEIVED", "APPLIED", "LAG", "LAG MAX", "AUTH FAIL",
                    "GAPS", "REPLAYS", "SNAPSHOTS IN/OUT");
            for (PeerStats p : r.peers()) {
                table.row(p.peerId(), p.state(), p.readiness(), p.recordsSent(), p.recordsReceived(), p.recordsApplied(),
                        Human.millis(p.lagLastMillis()), Human.millis(p.lagMaxMillis()), p.authFailures(), p.gaps(), p.replays(),
                        p.snapshotsApplied() + "/" + p.snapshotsServed());
            }
            table.print(out);
        });
    }
}
