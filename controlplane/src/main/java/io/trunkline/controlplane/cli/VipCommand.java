package io.trunkline.controlplane.cli;

import io.trunkline.controlplane.admin.AdminClient;
import io.trunkline.controlplane.admin.VipView;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code trunkline vip list|add|del}: the virtual services of the running dispatcher. */
@Command(name = "vip", description = "List, add or remove VIPs of the running dispatcher.",
        subcommands = {VipCommand.ListCommand.class, VipCommand.AddCommand.class, VipCommand.DelCommand.class})
final class VipCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a vip command is required");
    }

    @Command(name = "list", description = "List the VIPs with their sessions.")
    static final class ListCommand extends DaemonCommand {
        @Override
        int run(AdminClient client) throws Exception {
            return show(client, "vip.list", Map.of(), VipView[].class, (vips, out) -> {
                TextTable table = new TextTable("NAME", "ADDRESS", "PORT", "PROTO", "MODE", "POLICY", "POOL", "SESSIONS");
                for (VipView v : vips) {
                    table.row(v.name(), v.address(), v.port(), v.protocol(), v.mode(), v.policy(), v.pool(), v.sessions());
                }
                table.print(out);
            });
        }
    }

    @Command(name = "add", description = "Add a VIP; it serves as soon as the command returns.")
    static final class AddCommand extends DaemonCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The VIP's name.")
        String name;

        @Parameters(index = "1", paramLabel = "ADDRESS", description = "The virtual IP, IPv4 or IPv6.")
        String address;

        @Parameters(index = "2", paramLabel = "PORT", description = "1..65535.")
        int port;

        @Option(names = "--pool", required = true, description = "The pool serving it.")
        String pool;

        @Option(names = "--protocol", description = "tcp or udp (default tcp).")
        String protocol;

        @Option(names = "--mode", description = "dsr, nat, ipip or gue (default dsr).")
        String mode;

        @Option(names = "--policy", description = "maglev, wrr or wlc (default maglev).")
        String policy;

        @Override
        int run(AdminClient client) throws Exception {
            return change(client, "vip.add", RequestArguments.of("name", name, "address", address, "port", port,
                    "protocol", protocol, "mode", mode, "policy", policy, "pool", pool));
        }
    }

    @Command(name = "del", description = "Remove a VIP from the running dispatcher.")
    static final class DelCommand extends DaemonCommand {
        @Parameters(paramLabel = "NAME", description = "The VIP's name.")
        String name;

        @Override
        int run(AdminClient client) throws Exception {
            return change(client, "vip.del", Map.of("name", name));
        }
    }
}
