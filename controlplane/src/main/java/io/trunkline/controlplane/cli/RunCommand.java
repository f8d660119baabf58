package io.trunkline.controlplane.cli;

import io.trunkline.controlplane.config.ConfigError;
import io.trunkline.controlplane.config.ConfigException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code trunkline run --config FILE}: the dispatcher daemon in the foreground, as systemd runs it.
 * Logs are lines on stdout ({@code time level component - message}); SIGTERM stops it cleanly,
 * SIGHUP reloads the file (an invalid file is refused and the running configuration stays).
 */
@Command(name = "run", description = "Run the dispatcher daemon in the foreground (SIGTERM stops, SIGHUP reloads).")
final class RunCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The configuration file (docs/config.md).")
    Path config;

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "info",
            description = "trace, debug, info, warn or error (default: ${DEFAULT-VALUE}).")
    String logLevel;

    @Override
    public Integer call() throws Exception {
        configureLogging(logLevel);
        try {
            return DaemonMain.run(config);
        } catch (ConfigException e) {
            PrintWriter err = spec.commandLine().getErr();
            for (ConfigError error : e.errors()) {
                err.println(error);
            }
            err.println("trunkline: refusing to start with an invalid configuration");
            err.flush();
            return 1;
        }
    }

    /** slf4j-simple reads its settings once, when the first logger is made: this runs before that. */
    private static void configureLogging(String level) {
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.out");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        System.setProperty("org.slf4j.simpleLogger.showLogName", "true");
    }

    /** Kept apart so that the daemon's classes (and their loggers) load only after logging is set up. */
    static final class DaemonMain {
        private DaemonMain() {
        }

        static int run(Path config) throws Exception {
            io.trunkline.controlplane.daemon.Daemon daemon = io.trunkline.controlplane.daemon.Daemon.start(config);
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                daemon.close();
                stopped.countDown();
            }, "trunkline-shutdown"));
            daemon.handleReloadSignal();
            stopped.await();
            return 0;
        }
    }
}
