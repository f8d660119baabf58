package io.trunkline.controlplane.ssh;

import io.trunkline.controlplane.shell.AdminShell;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.sshd.common.channel.PtyMode;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.Signal;
import org.apache.sshd.server.command.AbstractCommandSupport;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ssh admin@appliance}: the admin shell on the channel. With a pseudo-terminal (what {@code ssh}
 * asks for by default) it is the interactive shell on a JLine terminal of the client's type and size,
 * resized when the client's window changes; without one ({@code ssh -T}, commands piped in) it reads
 * command lines from the channel as {@code trunkline shell} reads a pipe, and its exit status is that
 * of the last failed command.
 */
final class ShellSession extends AbstractCommandSupport {
    private static final Logger LOG = LoggerFactory.getLogger(ShellSession.class);

    /** The client's special characters that JLine's line discipline acts on, when the client sends them. */
    private static final Map<PtyMode, Attributes.ControlChar> CONTROL_CHARS = Map.of(
            PtyMode.VINTR, Attributes.ControlChar.VINTR,
            PtyMode.VERASE, Attributes.ControlChar.VERASE,
            PtyMode.VKILL, Attributes.ControlChar.VKILL,
            PtyMode.VEOF, Attributes.ControlChar.VEOF,
            PtyMode.VWERASE, Attributes.ControlChar.VWERASE);

    private final AdminShell shell;

    ShellSession(AdminShell shell) {
        super("ssh-shell", null);
        this.shell = shell;
    }

    @Override
    public void run() {
        Environment environment = getEnvironment();
        String terminalType = environment.getEnv().get(Environment.ENV_TERM);
        try {
            if (terminalType == null) {
                BufferedReader in = new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
                onExit(shell.runScript(in, ExecSession.writer(getOutputStream()), ExecSession.writer(getErrorStream())));
                return;
            }
            try (Terminal terminal = terminal(terminalType, environment)) {
                environment.addSignalListener((channel, signal) -> resize(terminal, environment), Signal.WINCH);
                shell.interact(terminal, null);
            }
            onExit(0);
        } catch (IOException | RuntimeException e) { // the channel must close with a status, whatever went wrong
            LOG.warn("ssh shell of {} ended: {}", getServerSession().getUsername(), e.getMessage());
            onExit(1, e.getMessage());
        }
    }

    private Terminal terminal(String type, Environment environment) throws IOException {
        Terminal terminal = TerminalBuilder.builder()
                .name("ssh")
                .system(false)
                // exec's provider gives a terminal on plain streams with JLine's own line discipline, so
                // Ctrl-C reaches the shell as a signal; ffm's would open a kernel pty with no process to signal.
                .provider(TerminalBuilder.PROP_PROVIDER_EXEC)
                .type(type)
                .streams(getInputStream(), getOutputStream())
                .encoding(StandardCharsets.UTF_8)
                .build();
        Attributes attributes = terminal.getAttributes();
        environment.getPtyModes().forEach((mode, value) -> {
            Attributes.ControlChar controlChar = CONTROL_CHARS.get(mode);
            if (controlChar != null) {
                attributes.setControlChar(controlChar, value);
            }
        });
        terminal.setAttributes(attributes);
        resize(terminal, environment);
        return terminal;
    }

    private static void resize(Terminal terminal, Environment environment) {
        Map<String, String> env = environment.getEnv();
        terminal.setSize(new Size(parse(env.get(Environment.ENV_COLUMNS), 80), parse(env.get(Environment.ENV_LINES), 24)));
        terminal.raise(Terminal.Signal.WINCH);
    }

    private static int parse(String value, int fallback) {
        try {
            int parsed = value == null ? 0 : Integer.parseInt(value);
            return parsed > 0 ? parsed : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
