package io.trunkline.controlplane.cli;

import io.trunkline.controlplane.config.AdminConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the daemon listens and how to print its answer: the options of every command that asks the daemon. */
public final class AdminOptions {
    /** Overrides the default socket for every command of a session, as a script or a test sets it. */
    static final String SOCKET_ENV = "TRUNKLINE_SOCKET";
    /** Set by the daemon to its own socket, so that commands typed in its SSH shell reach it. */
    public static final String SOCKET_PROPERTY = "trunkline.admin.socket";

    @Option(names = "--socket", paramLabel = "PATH",
            description = "The daemon's admin socket (default: $" + SOCKET_ENV + ", else /run/trunkline/admin.sock).")
    Path socket;

    @Option(names = "--json", description = "Print the daemon's answer as JSON, as the admin API returns it.")
    boolean json;

    Path socket() {
        if (socket != null) {
            return socket;
        }
        String ownDaemon = System.getProperty(SOCKET_PROPERTY);
        if (ownDaemon != null) {
            return Path.of(ownDaemon);
        }
        String fromEnvironment = System.getenv(SOCKET_ENV);
        return fromEnvironment == null || fromEnvironment.isBlank() ? AdminConfig.DEFAULT.socket() : Path.of(fromEnvironment);
    }
}
