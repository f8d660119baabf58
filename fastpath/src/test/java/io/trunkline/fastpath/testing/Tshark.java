package io.trunkline.fastpath.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** tshark as an independent decoder of what the fast path wrote: one row of fields per frame. */
public final class Tshark {
    private Tshark() {
    }

    /**
     * {@code tshark -r capture -T fields -e f1 -e f2 ...}, one String[] of the fields per frame, with
     * IP, TCP and UDP checksum validation on ({@code *.checksum.status}: 1 good, 0 bad).
     */
    public static List<String[]> fields(Path capture, String... fields) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tshark", "-n", "-r", capture.toString(), "-T", "fields", "-E", "separator=|", "-E", "occurrence=f",
                "-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE"));
        for (String f : fields) {
            command.add("-e");
            command.add(f);
        }
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("tshark failed on " + capture + " (exit " + p.exitValue() + ")");
        }
        List<String[]> rows = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isEmpty()) {
                rows.add(line.split("\\|", -1));
            }
        }
        return rows;
    }
}
