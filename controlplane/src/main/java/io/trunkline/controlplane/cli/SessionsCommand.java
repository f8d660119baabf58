package io.trunkline.controlplane.cli;

import io.trunkline.controlplane.admin.AdminClient;
import io.trunkline.controlplane.daemon.SessionView;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code trunkline sessions count|list|flush}: the shared session table, all dispatchers' sessions. */
@Command(name = "sessions", description = "Count, list or flush sessions of the shared table.",
        subcommands = {SessionsCommand.CountCommand.class, SessionsCommand.ListCommand.class, SessionsCommand.FlushCommand.class})
final class SessionsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a sessions command is required");
    }

    /** Which sessions: every option given narrows the set. */
    static final class Filter {
        @Option(names = "--vip", description = "Only this VIP's sessions.")
        String vip;

        @Option(names = "--pool", description = "Only sessions on this pool's backends.")
        String pool;

        @Option(names = "--backend", description = "Only sessions on this backend (of --pool, when given).")
        String backend;

        Map<String, Object> args() {
            return RequestArguments.of("vip", vip, "pool", pool, "backend", backend);
        }
    }

    @Command(name = "count", description = "Print how many sessions match.")
    static final class CountCommand extends DaemonCommand {
        @CommandLine.Mixin
        Filter filter;

        @Override
        int run(AdminClient client) throws Exception {
            return show(client, "sessions.count", filter.args(), Count.class, (count, out) -> out.println(count.count()));
        }

        record Count(long count) {
        }
    }

    @Command(name = "list", description = "List the matching sessions.")
    static final class ListCommand extends DaemonCommand {
        @CommandLine.Mixin
        Filter filter;

        @Option(names = "--limit", defaultValue = "100", description = "At most this many (default ${DEFAULT-VALUE}).")
        int limit;

        @Override
        int run(AdminClient client) throws Exception {
            Map<String, Object> args = filter.args();
            args.put("limit", limit);
            return show(client, "sessions.list", args, SessionView[].class, (sessions, out) -> {
                TextTable table = new TextTable("PROTO", "CLIENT", "VIP", "VIP ENDPOINT", "POOL", "BACKEND", "STATE", "ORIGIN",
                        "AGE", "IDLE");
                for (SessionView s : sessions) {
                    table.row(s.protocol(), s.client(), s.vip(), s.vipEndpoint(), s.pool(), s.backend(), s.state(), s.originId(),
                            Human.millis(s.ageMillis()), Human.millis(s.idleMillis()));
                }
                table.print(out);
                if (sessions.length == limit) {
                    out.println("(the first " + limit + " sessions; --limit N shows more)");
                }
            });
        }
    }

    @Command(name = "flush", description = "Remove the matching sessions here and at every peer (their clients must reconnect).")
    static final class FlushCommand extends DaemonCommand {
        @CommandLine.Mixin
        Filter filter;

        @Option(names = "--all", description = "Flush every session: needed when no --vip, --pool or --backend is given.")
        boolean all;

        @Override
        int run(AdminClient client) throws Exception {
            Map<String, Object> args = filter.args();
            args.put("all", all ? Boolean.TRUE : null);
            return show(client, "sessions.flush", args, Flushed.class, (flushed, out) ->
                    out.println("flushed " + flushed.flushed() + (flushed.flushed() == 1 ? " session" : " sessions")));
        }

        record Flushed(long flushed) {
        }
    }
}
