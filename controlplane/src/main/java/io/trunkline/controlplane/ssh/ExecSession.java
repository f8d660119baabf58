package io.trunkline.controlplane.ssh;

import io.trunkline.controlplane.shell.AdminShell;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.apache.sshd.server.command.AbstractCommandSupport;

/**
 * {@code ssh admin@appliance status}: runs that one command line, its output on the channel's stdout,
 * its error line on stderr, and returns its exit code as the channel's exit status.
 */
final class ExecSession extends AbstractCommandSupport {
    private final AdminShell shell;
    private final String line;

    ExecSession(AdminShell shell, String line) {
        super("ssh-exec", null);
        this.shell = shell;
        this.line = line;
    }

    @Override
    public void run() {
        PrintWriter out = writer(getOutputStream());
        PrintWriter err = writer(getErrorStream());
        int exit = shell.runLine(line, out, err);
        onExit(exit);
    }

    static PrintWriter writer(OutputStream stream) {
        return new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
    }
}
