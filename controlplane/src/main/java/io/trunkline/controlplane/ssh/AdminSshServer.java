package io.trunkline.controlplane.ssh;

import io.trunkline.controlplane.config.Addresses;
import io.trunkline.controlplane.config.SshConfig;
import io.trunkline.controlplane.shell.AdminShell;
import io.trunkline.controlplane.shell.ShellCommands;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * The SSH server of the admin shell, embedded in the daemon (Apache MINA SSHD): {@code ssh -p 2222
 * admin@appliance} gets the shell, {@code ssh -p 2222 admin@appliance status} runs one command and
 * returns its exit code.
 *
 * <p>Public-key authentication only, against the operators' authorized_keys file ({@link OperatorKeys});
 * password, keyboard-interactive, host-based and GSSAPI logins are not offered, and there is no default
 * credential of any kind. No port forwarding, agent forwarding, X11 or SFTP. The host key is made on
 * the first start and kept ({@link HostKey}).
 */
public final class AdminSshServer implements AutoCloseable {
    /** A session with no traffic for this long is closed. */
    public static final Duration IDLE_TIMEOUT = Duration.ofMinutes(15);
    /** A connection that has not logged in by then is closed. */
    public static final Duration LOGIN_TIMEOUT = Duration.ofSeconds(30);
    /** Failed authentication requests before the connection is closed. */
    public static final int MAX_AUTH_REQUESTS = 6;
    /** Connections at once, logged in or not; more are closed at once. */
    public static final int MAX_SESSIONS = 8;

    private static final Logger LOG = LoggerFactory.getLogger(AdminSshServer.class);

    private final SshServer server;
    private final String hostKeyFingerprint;

    private AdminSshServer(SshServer server, String hostKeyFingerprint) {
        this.server = server;
        this.hostKeyFingerprint = hostKeyFingerprint;
    }

    /**
     * {@link #start} when an operator could log in; otherwise (no authorized_keys file, or no key in it) the server
     * does not listen at all, and one line says why: an SSH port that nobody can log in to only invites guessing.
     *
     * @return the server, or empty when there is no operator key
     */
    public static Optional<AdminSshServer> startForOperators(SshConfig config, String node, Supplier<CommandLine> commands)
            throws IOException {
        Optional<String> noOperator = OperatorKeys.whyNoOperator(config.authorizedKeys());
        if (noOperator.isPresent()) {
            LOG.warn("ssh: not listening on {}: {}; add an operator's public key there and restart the daemon",
                    Addresses.format(config.listen()), noOperator.get());
            return Optional.empty();
        }
        return Optional.of(start(config, node, commands));
    }

    /**
     * Loads (or makes, on the first start) the host key and starts listening on {@code config.listen()}.
     * It does not look at {@code config.enabled()}: the daemon calls it only when SSH is enabled.
     *
     * @param config   where to listen, the authorized_keys file and the host key file
     * @param node     the node name the shell's prompt shows
     * @param commands a fresh {@code trunkline} command tree at each call ({@code TrunklineCommand::commandLine})
     * @throws IOException with the file or address at fault: the host key cannot be read or written, or
     *                     the address cannot be bound
     */
    public static AdminSshServer start(SshConfig config, String node, Supplier<CommandLine> commands) throws IOException {
        KeyPair hostKey = HostKey.loadOrCreate(config.hostKey());
        AdminShell shell = new AdminShell(new ShellCommands(commands, CommandLine.Help.Ansi.OFF), node);
        OperatorKeys operatorKeys = new OperatorKeys(config.authorizedKeys());

        SshServer server = SshServer.setUpDefaultServer();
        server.setHost(config.listen().getHostString());
        server.setPort(config.listen().getPort());
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
        server.setPublickeyAuthenticator(operatorKeys);
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setHostBasedAuthenticator(null);
        server.setGSSAuthenticator(null);
        server.setForwardingFilter(RejectAllForwardingFilter.INSTANCE);
        server.setAgentFactory(null);
        server.setShellFactory(channel -> new ShellSession(shell));
        server.setCommandFactory((channel, line) -> new ExecSession(shell, line));
        CoreModuleProperties.IDLE_TIMEOUT.set(server, IDLE_TIMEOUT);
        CoreModuleProperties.AUTH_TIMEOUT.set(server, LOGIN_TIMEOUT);
        CoreModuleProperties.MAX_AUTH_REQUESTS.set(server, MAX_AUTH_REQUESTS);
        server.addSessionListener(operatorKeys);
        server.addSessionListener(new SessionLimit());
        try {
            server.start();
        } catch (IOException e) {
            server.close(true);
            throw new IOException("ssh: cannot listen on " + config.listen() + ": " + e.getMessage(), e);
        }
        AdminSshServer started = new AdminSshServer(server, HostKey.fingerprint(hostKey));
        LOG.info("ssh: listening on {}:{}, host key {} {}, operator keys from {}", server.getHost(), server.getPort(),
                KeyUtils.getKeyType(hostKey.getPublic()), started.hostKeyFingerprint, config.authorizedKeys());
        return started;
    }

    /** The address it listens on, with the port the system chose when the configuration said 0. */
    public InetSocketAddress address() {
        return new InetSocketAddress(server.getHost(), server.getPort());
    }

    /** The host key's fingerprint, {@code SHA256:...}: what a client is shown on its first connection. */
    public String hostKeyFingerprint() {
        return hostKeyFingerprint;
    }

    /** Stops listening and closes every session. */
    @Override
    public void close() throws IOException {
        server.stop(true);
    }

    /** Closes a connection beyond {@link #MAX_SESSIONS}: sessions are cheap to open and the daemon's to protect. */
    private static final class SessionLimit implements SessionListener {
        private final AtomicInteger open = new AtomicInteger();

        @Override
        public void sessionCreated(Session session) {
            if (open.incrementAndGet() > MAX_SESSIONS) {
                LOG.warn("ssh: refused {}: already {} sessions", session.getRemoteAddress(), MAX_SESSIONS);
                session.close(true);
            }
        }

        @Override
        public void sessionClosed(Session session) {
            open.decrementAndGet();
        }
    }
}
