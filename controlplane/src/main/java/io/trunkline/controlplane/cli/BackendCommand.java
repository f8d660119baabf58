package io.trunkline.controlplane.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.trunkline.controlplane.admin.AdminClient;
import io.trunkline.controlplane.admin.AdminException;
import io.trunkline.controlplane.admin.AdminProtocol;
import io.trunkline.controlplane.admin.BackendView;
import io.trunkline.controlplane.config.Units;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code trunkline backend ...}: the servers of the pools, and the operator's say over each. */
@Command(name = "backend", description = "List, add, remove, weigh, drain, enable or disable backends.",
        subcommands = {BackendCommand.ListCommand.class, BackendCommand.AddCommand.class, BackendCommand.DelCommand.class,
            BackendCommand.WeightCommand.class, BackendCommand.DrainCommand.class, BackendCommand.EnableCommand.class,
            BackendCommand.DisableCommand.class})
final class BackendCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a backend command is required");
    }

    /** The two positional parameters that name a backend. */
    static final class BackendName {
        @Parameters(index = "0", paramLabel = "POOL", description = "The backend's pool.")
        String pool;

        @Parameters(index = "1", paramLabel = "BACKEND", description = "The backend's name.")
        String name;

        Map<String, Object> args() {
            return RequestArguments.of("pool", pool, "name", name);
        }

        @Override
        public String toString() {
            return pool + "/" + name;
        }
    }

    @Command(name = "list", description = "List the backends: weight, operator state, health, sessions.")
    static final class ListCommand extends DaemonCommand {
        @Option(names = "--pool", description = "Only this pool's backends.")
        String pool;

        @Override
        int run(AdminClient client) throws Exception {
            return show(client, "backend.list", RequestArguments.of("pool", pool), BackendView[].class, (backends, out) -> {
                TextTable table = new TextTable("POOL", "BACKEND", "ADDRESS", "PORT", "WEIGHT", "MAX CONN", "ADMIN", "HEALTH",
                        "SESSIONS");
                for (BackendView b : backends) {
                    table.row(b.pool(), b.name(), b.address(), b.port() == 0 ? "vip" : b.port(), b.weight(),
                            b.maxConnections() == 0 ? TextTable.NONE : b.maxConnections(), b.admin(), b.health(), b.sessions());
                }
                table.print(out);
            });
        }
    }

    @Command(name = "add", description = "Add a backend to a pool; it takes new sessions once its health checks pass.")
    static final class AddCommand extends DaemonCommand {
        @Parameters(index = "0", paramLabel = "POOL", description = "The pool.")
        String pool;

        @Parameters(index = "1", paramLabel = "BACKEND", description = "The backend's name, unique in its pool.")
        String name;

        @Parameters(index = "2", paramLabel = "ADDRESS", description = "The server's address, IPv4 or IPv6.")
        String address;

        @Option(names = "--id", description = "1..4095, the id sessions name it by; give the same on every dispatcher "
                + "(default: the lowest free id).")
        Integer id;

        @Option(names = "--port", description = "The server's port; 0 (default): the port of the VIP.")
        Integer port;

        @Option(names = "--weight", description = "0..65535 (default 100).")
        Integer weight;

        @Option(names = "--max-connections", paramLabel = "N", description = "Concurrent sessions allowed; 0 (default): no limit.")
        Integer maxConnections;

        @Option(names = "--mac", description = "The server's MAC, when it must not be resolved.")
        String mac;

        @Option(names = "--next-hop", paramLabel = "ADDRESS", description = "The router towards the server, when not on-link.")
        String nextHop;

        @Option(names = "--state", description = "enabled (default), drain or disabled.")
        String state;

        @Override
        int run(AdminClient client) throws Exception {
            return change(client, "backend.add", RequestArguments.of("pool", pool, "name", name, "address", address,
                    "id", id, "port", port, "weight", weight, "max_connections", maxConnections, "mac", mac,
                    "next_hop", nextHop, "state", state));
        }
    }

    @Command(name = "del", description = "Remove a backend from its pool.")
    static final class DelCommand extends DaemonCommand {
        @CommandLine.Mixin
        BackendName backend;

        @Override
        int run(AdminClient client) throws Exception {
            return change(client, "backend.del", backend.args());
        }
    }

    @Command(name = "weight", description = "Set a backend's weight; 0 drains it.")
    static final class WeightCommand extends DaemonCommand {
        @CommandLine.Mixin
        BackendName backend;

        @Parameters(index = "2", paramLabel = "WEIGHT", description = "0..65535.")
        int weight;

        @Override
        int run(AdminClient client) throws Exception {
            Map<String, Object> args = backend.args();
            args.put("weight", weight);
            return change(client, "backend.weight", args);
        }
    }

    /**
     * {@code backend drain POOL BACKEND [--wait [--timeout T]]}: no new sessions, existing ones
     * continue. With --wait, polls the backend's session count and prints it each time it changes
     * until it reaches 0 (exit 0) or the timeout passes (exit 1).
     */
    @Command(name = "drain", description = "Drain a backend: no new sessions, existing ones continue.")
    static final class DrainCommand extends DaemonCommand {
        @CommandLine.Mixin
        BackendName backend;

        @Option(names = "--wait", description = "Return when the backend has no sessions left, printing the count as it falls.")
        boolean await;

        @Option(names = "--timeout", paramLabel = "DURATION",
                description = "With --wait: give up after this long, exit 1 (default: wait until empty).")
        Duration timeout;

        @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "1s",
                description = "With --wait: how often to count the sessions (default ${DEFAULT-VALUE}).")
        Duration interval;

        /** A line per count: text, or with --json one JSON object per line after the change report. */
        private void progress(PrintWriter out, long sessions) throws JsonProcessingException {
            if (admin.json) {
                out.println(AdminProtocol.json().writeValueAsString(AdminProtocol.json().createObjectNode()
                        .put("pool", backend.pool).put("backend", backend.name).put("sessions", sessions)));
            } else if (sessions == 0) {
                out.println(backend + ": drained, no sessions left");
            } else {
                out.println(backend + ": " + sessions + (sessions == 1 ? " session" : " sessions") + " left");
            }
            out.flush();
        }

        @Override
        int run(AdminClient client) throws Exception {
            int exit = change(client, "backend.drain", backend.args());
            if (await) {
                awaitEmpty(client);
            }
            return exit;
        }

        private void awaitEmpty(AdminClient client) throws InterruptedException, JsonProcessingException {
            PrintWriter out = out();
            long deadline = timeout == null ? 0 : System.nanoTime() + timeout.toNanos();
            long last = -1;
            while (true) {
                long sessions = client.call("sessions.count", Map.of("pool", backend.pool, "backend", backend.name))
                        .path("count").asLong();
                if (sessions == 0) {
                    progress(out, sessions);
                    return;
                }
                if (sessions != last) {
                    progress(out, sessions);
                    last = sessions;
                }
                if (timeout != null && System.nanoTime() - deadline >= 0) {
                    throw new AdminException(backend + " still has " + sessions + " sessions after "
                            + Units.formatDuration(timeout) + " (it stays drained)");
                }
                Thread.sleep(interval);
            }
        }
    }

    @Command(name = "enable", description = "Put a backend back in service.")
    static final class EnableCommand extends DaemonCommand {
        @CommandLine.Mixin
        BackendName backend;

        @Override
        int run(AdminClient client) throws Exception {
            return change(client, "backend.enable", backend.args());
        }
    }

    @Command(name = "disable", description = "Take a backend out of service; its sessions follow the pool's on_backend_down.")
    static final class DisableCommand extends DaemonCommand {
        @CommandLine.Mixin
        BackendName backend;

        @Override
        int run(AdminClient client) throws Exception {
            return change(client, "backend.disable", backend.args());
        }
    }
}
