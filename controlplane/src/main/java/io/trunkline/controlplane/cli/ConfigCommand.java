package io.trunkline.controlplane.cli;

import io.trunkline.controlplane.admin.AdminClient;
import io.trunkline.controlplane.config.ConfigError;
import io.trunkline.controlplane.config.ConfigException;
import io.trunkline.controlplane.config.ConfigLoader;
import io.trunkline.controlplane.config.TrunklineConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code trunkline config ...}: the configuration file (docs/config.md). */
@Command(name = "config", description = "Work with the configuration file (see docs/config.md).",
        subcommands = {ConfigCommand.CheckCommand.class, ConfigCommand.ReloadCommand.class, ConfigCommand.SaveCommand.class,
            ConfigCommand.ShowCommand.class})
final class ConfigCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a config command is required");
    }

    /**
     * {@code trunkline config check FILE}: loads the file as the daemon would and prints every
     * error as {@code FILE:LINE:COLUMN: key: rule broken}, exit 1; or a one-line summary, exit 0, followed on the
     * error stream by a warning line for each key that is accepted but not applied yet.
     */
    @Command(name = "check", description = "Check a configuration file and print every error with its line and column.")
    static final class CheckCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "The configuration file.")
        Path file;

        @Override
        public Integer call() {
            try {
                ConfigLoader.Loaded loaded = ConfigLoader.loadWithWarnings(file);
                TrunklineConfig config = loaded.config();
                PrintWriter out = spec.commandLine().getOut();
                out.printf("%s: ok (%d vips, %d pools, %d backends)%n", file, config.vips().size(), config.pools().size(),
                        config.backendCount());
                out.flush();
                PrintWriter err = spec.commandLine().getErr();
                loaded.warnings().forEach(err::println);
                err.flush();
                return 0;
            } catch (ConfigException e) {
                PrintWriter err = spec.commandLine().getErr();
                for (ConfigError error : e.errors()) {
                    err.println(error);
                }
                err.flush();
                return 1;
            }
        }
    }

    /** {@code trunkline config reload}: the daemon reads its file again and applies the difference (as SIGHUP does). */
    @Command(name = "reload", description = "Make the daemon read its configuration file again and apply what changed.")
    static final class ReloadCommand extends DaemonCommand {
        @Override
        int run(AdminClient client) throws Exception {
            return change(client, "config.reload", Map.of());
        }
    }

    /** {@code trunkline config save}: the running configuration, runtime changes included, back into the daemon's file. */
    @Command(name = "save", description = "Write the running configuration, runtime changes included, to the daemon's file.")
    static final class SaveCommand extends DaemonCommand {
        @Override
        int run(AdminClient client) throws Exception {
            return show(client, "config.save", Map.of(), Saved.class, (saved, out) -> out.println("saved " + saved.file()));
        }

        record Saved(String file) {
        }
    }

    /** {@code trunkline config show}: the running configuration as the file would say it. */
    @Command(name = "show", description = "Print the running configuration as YAML, runtime changes included.")
    static final class ShowCommand extends DaemonCommand {
        @Override
        int run(AdminClient client) throws Exception {
            return show(client, "config.show", Map.of(), Shown.class, (shown, out) -> out.print(shown.yaml()));
        }

        record Shown(String yaml) {
        }
    }
}
