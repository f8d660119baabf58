package io.trunkline.controlplane.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.trunkline.controlplane.cli.TrunklineCommand;
import io.trunkline.controlplane.config.SshConfig;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ChannelShell;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.future.AuthFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.client.session.ClientSession.ClientSessionEvent;
import org.apache.sshd.common.cipher.ECCurves;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SSH server on loopback, driven by MINA's own client and, where installed, by OpenSSH's {@code ssh}:
 * public keys only, the shell and exec channels, the host key kept across restarts.
 */
class AdminSshServerTest {
    /** A safety net against a hang, never a measurement. */
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final String VERSION_LINE = "java " + Runtime.version();
    private static final Path OPENSSH = Path.of("/usr/bin/ssh");

    @TempDir
    Path dir;

    private final KeyPair operator = newKey();
    private Path authorizedKeys;
    private SshConfig config;
    private SshClient client;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        authorizedKeys = dir.resolve("authorized_keys");
        Files.writeString(authorizedKeys, PublicKeyEntry.toString(operator.getPublic()) + " alice@ops\n");
        config = new SshConfig(true, new InetSocketAddress("127.0.0.1", 0), authorizedKeys,
                dir.resolve("state/ssh/host_key"));
        client = SshClient.setUpDefaultClient();
        client.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable closeable : open.reversed()) {
            closeable.close();
        }
        client.stop();
    }

    @Test
    void execRunsOneCommandAndReturnsItsExitStatus() throws Exception {
        AdminSshServer server = start();
        ClientSession session = login(server, operator);

        Exec version = exec(session, "version");
        assertEquals(0, version.status());
        assertTrue(version.out().contains(VERSION_LINE), version.out());
        assertEquals("", version.err());

        Exec failing = exec(session, "config check /nonexistent/trunkline.yaml");
        assertEquals(1, failing.status());
        assertEquals(1, failing.err().lines().count(), failing.err());
        assertTrue(failing.err().contains("cannot read"), failing.err());

        Exec leftOut = exec(session, "demo --seconds 1");
        assertEquals(2, leftOut.status());
        assertEquals("trunkline: demo is not available in the shell (run it as: trunkline demo)", leftOut.err().strip());
    }

    @Test
    void interactiveShellCompletesRunsAndKeepsGoingAfterAnError() throws Exception {
        AdminSshServer server = start();
        ClientSession session = login(server, operator);
        ChannelShell shell = session.createShellChannel();
        shell.setPtyType("xterm");
        shell.setPtyColumns(120);
        shell.setPtyLines(40);
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        shell.setOut(screen);
        shell.setErr(screen);
        shell.open().verify(PATIENCE);
        OutputStream keyboard = shell.getInvertedIn();

        awaitOutput(screen, "dispatcher-a> ", 1);
        type(keyboard, "help\r");
        awaitOutput(screen, "exit (or Ctrl-D) leaves", 1);
        type(keyboard, "vers\t\r"); // Tab completes the command name
        awaitOutput(screen, VERSION_LINE, 1);
        type(keyboard, "no-such-command\r");
        awaitOutput(screen, "trunkline: Unmatched argument at index 0: 'no-such-command'", 1);
        type(keyboard, "config check");
        awaitOutput(screen, "config check", 1);
        type(keyboard, "\u0003"); // Ctrl-C drops the line being typed and prompts again
        awaitOutput(screen, "dispatcher-a> ", 5);
        type(keyboard, "version\r");
        awaitOutput(screen, VERSION_LINE, 2);
        type(keyboard, "exit\r");

        shell.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), PATIENCE);
        assertEquals(0, shell.getExitStatus());
        assertFalse(text(screen).contains("\tat "), "no stack trace");
    }

    @Test
    void shellWithoutTerminalReadsCommandLines() throws Exception {
        AdminSshServer server = start();
        ClientSession session = login(server, operator);
        ChannelShell shell = session.createShellChannel();
        shell.setUsePty(false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        shell.setOut(out);
        shell.setErr(err);
        shell.open().verify(PATIENCE);
        try (OutputStream in = shell.getInvertedIn()) {
            type(in, "version\nno-such-command\nversion\n");
        }
        shell.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), PATIENCE);
        assertEquals(2, shell.getExitStatus());
        assertEquals(2, text(out).lines().filter(l -> l.startsWith(VERSION_LINE)).count(), text(out));
        assertEquals(1, text(err).lines().count(), text(err));
    }

    @Test
    void anUnknownKeyIsRefused() throws Exception {
        AdminSshServer server = start();
        assertFalse(authenticates(server, newKey()));
    }

    @Test
    void passwordLoginIsRefused() throws Exception {
        AdminSshServer server = start();
        ClientSession session = connect(server);
        session.addPasswordIdentity("admin");
        AuthFuture auth = session.auth();
        assertTrue(auth.await(PATIENCE));
        assertFalse(auth.isSuccess());
    }

    @Test
    void aKeyAddedToTheFileLogsInWithoutRestart() throws Exception {
        AdminSshServer server = start();
        KeyPair newcomer = newKey();
        assertFalse(authenticates(server, newcomer));
        Files.writeString(authorizedKeys, PublicKeyEntry.toString(newcomer.getPublic()) + " bob@ops\n",
                StandardOpenOption.APPEND);
        assertTrue(authenticates(server, newcomer));
        assertTrue(authenticates(server, operator));
    }

    @Test
    void connectionsBeyondTheLimitAreClosed() throws Exception {
        AdminSshServer server = start();
        List<ClientSession> sessions = new ArrayList<>();
        for (int i = 0; i < AdminSshServer.MAX_SESSIONS; i++) {
            sessions.add(login(server, operator));
        }
        ClientSession extra = connect(server);
        assertTrue(extra.waitFor(EnumSet.of(ClientSessionEvent.CLOSED), PATIENCE).contains(ClientSessionEvent.CLOSED));

        sessions.getFirst().close();
        sessions.getFirst().waitFor(EnumSet.of(ClientSessionEvent.CLOSED), PATIENCE);
        assertEquals(0, exec(loginOnceFreed(server, operator), "version").status(), "a closed session frees its place");
    }

    /** The server learns of a client's close a moment after the client does: log in once it has. */
    private ClientSession loginOnceFreed(AdminSshServer server, KeyPair key) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            try {
                return login(server, key);
            } catch (IOException refused) {
                if (System.nanoTime() - deadline > 0) {
                    throw refused;
                }
                Thread.sleep(50);
            }
        }
    }

    @Test
    void noAuthorizedKeysFileMeansNobodyLogsIn() throws Exception {
        Files.delete(authorizedKeys);
        AdminSshServer server = start();
        assertFalse(authenticates(server, operator));
    }

    @Test
    void hostKeyIsMadeOnceOwnerOnlyAndKeptAcrossRestarts() throws Exception {
        AdminSshServer first = AdminSshServer.start(config, "dispatcher-a", TrunklineCommand::commandLine);
        String fingerprint = first.hostKeyFingerprint();
        first.close();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(config.hostKey())));

        AdminSshServer second = start();
        assertEquals(fingerprint, second.hostKeyFingerprint());
        assertTrue(fingerprint.startsWith("SHA256:"), fingerprint);
        // the client's host-key check in login() compares what the server presents with this fingerprint
        login(second, operator);

        Path sshKeygen = Path.of("/usr/bin/ssh-keygen");
        if (Files.isExecutable(sshKeygen)) { // OpenSSH reads the file and finds the same key
            String listed = run(List.of(sshKeygen.toString(), "-l", "-f", config.hostKey().toString())).out();
            assertTrue(listed.contains(fingerprint) && listed.contains("(ECDSA)"), listed);
        }
    }

    @Test
    void aHostKeyOthersCanReadIsRefused() throws Exception {
        AdminSshServer.start(config, "dispatcher-a", TrunklineCommand::commandLine).close();
        Files.setPosixFilePermissions(config.hostKey(), PosixFilePermissions.fromString("rw-r--r--"));
        IOException e = assertThrows(IOException.class,
                () -> AdminSshServer.start(config, "dispatcher-a", TrunklineCommand::commandLine));
        assertEquals("ssh host key " + config.hostKey() + " is readable or writable by others (rw-r--r--); fix: chmod 600 "
                + config.hostKey(), e.getMessage());
    }

    @Test
    void openSshClientRunsACommandAndCannotUseAPassword() throws Exception {
        assumeTrue(Files.isExecutable(OPENSSH), "openssh-client not installed");
        AdminSshServer server = start();
        Path identity = dir.resolve("id_ecdsa");
        try (OutputStream out = Files.newOutputStream(identity)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(operator, "alice@ops", (OpenSSHKeyEncryptionContext) null, out);
        }
        Files.setPosixFilePermissions(identity, PosixFilePermissions.fromString("rw-------"));

        Exec run = run(openSsh(server, "-i", identity.toString(), "-o", "IdentitiesOnly=yes", "admin@127.0.0.1", "version"));
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains(VERSION_LINE), run.out());

        Exec refused = run(openSsh(server, "-o", "PubkeyAuthentication=no",
                "-o", "PreferredAuthentications=password,keyboard-interactive", "admin@127.0.0.1", "version"));
        assertEquals(255, refused.status());
        assertTrue(refused.err().contains("Permission denied (publickey)"), refused.err());
    }

    /** What docs/cli.md tells an operator: ssh-keygen's default key type, its .pub line appended to authorized_keys. */
    @Test
    void anEd25519KeyFromSshKeygenLogsIn() throws Exception {
        Path sshKeygen = Path.of("/usr/bin/ssh-keygen");
        assumeTrue(Files.isExecutable(OPENSSH) && Files.isExecutable(sshKeygen), "openssh-client not installed");
        Path identity = dir.resolve("id_ed25519");
        Exec keygen = run(List.of(sshKeygen.toString(), "-q", "-t", "ed25519", "-N", "", "-C", "carol@ops", "-f", identity.toString()));
        assertEquals(0, keygen.status(), keygen.err());
        Files.writeString(authorizedKeys, Files.readString(dir.resolve("id_ed25519.pub")), StandardOpenOption.APPEND);
        AdminSshServer server = start();

        Exec run = run(openSsh(server, "-i", identity.toString(), "-o", "IdentitiesOnly=yes", "admin@127.0.0.1", "version"));
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains(VERSION_LINE), run.out());
    }

    @Test
    void withoutAnOperatorKeyTheServerDoesNotListen() throws Exception {
        Files.writeString(authorizedKeys, "# nobody yet\n");
        assertTrue(AdminSshServer.startForOperators(config, "dispatcher-a", TrunklineCommand::commandLine).isEmpty());
        Files.delete(authorizedKeys);
        assertTrue(AdminSshServer.startForOperators(config, "dispatcher-a", TrunklineCommand::commandLine).isEmpty());
        assertFalse(Files.exists(config.hostKey()), "no host key made for a server that does not run");

        Files.writeString(authorizedKeys, PublicKeyEntry.toString(operator.getPublic()) + " alice@ops\n");
        AdminSshServer server = AdminSshServer.startForOperators(config, "dispatcher-a", TrunklineCommand::commandLine).orElseThrow();
        open.add(server);
        assertEquals(0, exec(login(server, operator), "version").status());
    }

    /** OpenSSH's client against {@code server}, no user configuration, no prompts, the host key taken as presented. */
    private static List<String> openSsh(AdminSshServer server, String... args) {
        List<String> command = new ArrayList<>(List.of(OPENSSH.toString(), "-F", "/dev/null", "-p",
                Integer.toString(server.address().getPort()), "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-o", "BatchMode=yes", "-o", "LogLevel=ERROR"));
        command.addAll(List.of(args));
        return command;
    }

    private AdminSshServer start() throws IOException {
        AdminSshServer server = AdminSshServer.start(config, "dispatcher-a", TrunklineCommand::commandLine);
        open.add(server);
        return server;
    }

    private ClientSession connect(AdminSshServer server) throws IOException {
        client.setServerKeyVerifier((session, address, key) -> server.hostKeyFingerprint().equals(KeyUtils.getFingerPrint(key)));
        ClientSession session = client.connect("admin", server.address()).verify(PATIENCE).getSession();
        open.add(session);
        return session;
    }

    private ClientSession login(AdminSshServer server, KeyPair key) throws IOException {
        ClientSession session = connect(server);
        session.addPublicKeyIdentity(key);
        session.auth().verify(PATIENCE);
        return session;
    }

    private boolean authenticates(AdminSshServer server, KeyPair key) throws IOException {
        ClientSession session = connect(server);
        session.addPublicKeyIdentity(key);
        AuthFuture auth = session.auth();
        assertTrue(auth.await(PATIENCE), "authentication ends");
        return auth.isSuccess();
    }

    private record Exec(int status, String out, String err) {
    }

    private static Exec exec(ClientSession session, String line) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ChannelExec channel = session.createExecChannel(line)) {
            channel.setOut(out);
            channel.setErr(err);
            channel.open().verify(PATIENCE);
            channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), PATIENCE);
            return new Exec(channel.getExitStatus(), text(out), text(err));
        }
    }

    private static Exec run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        if (!process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(command + " did not end");
        }
        return new Exec(process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    private static void type(OutputStream keyboard, String keys) throws IOException {
        keyboard.write(keys.getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
    }

    /** Waits until {@code expected} has appeared {@code times} times on the screen. */
    private static void awaitOutput(ByteArrayOutputStream screen, String expected, int times) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (occurrences(text(screen), expected) < times) {
            if (System.nanoTime() > deadline) {
                fail("never saw " + times + " x '" + expected + "' in:\n" + text(screen));
            }
            Thread.sleep(10);
        }
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            count++;
        }
        return count;
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static KeyPair newKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(ECCurves.nistp256.getParameters());
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
