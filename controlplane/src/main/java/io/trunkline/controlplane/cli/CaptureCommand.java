package io.trunkline.controlplane.cli;

import io.trunkline.controlplane.admin.AdminClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code trunkline capture}: a pcap of what the fast path receives on a port, written by the daemon (like dpdk-pdump). */
@Command(name = "capture", description = "Write a pcap of the packets the fast path receives on a port.")
final class CaptureCommand extends DaemonCommand {
    @Option(names = "--port", required = true, description = "A port name from the configuration.")
    String port;

    @Option(names = "--count", defaultValue = "100", description = "Stop after this many packets (default ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--file", required = true, description = "The pcap to write (the daemon writes it, as root).")
    Path file;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s",
            description = "Stop after this long even with fewer packets (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    int run(AdminClient client) throws Exception {
        // the daemon's working directory is not the operator's: send the path the operator means
        Path absolute = file.toAbsolutePath();
        return show(client, "capture", Map.of("port", port, "count", count, "file", absolute.toString(),
                "timeout_millis", timeout.toMillis()), Captured.class, (captured, out) ->
                out.println("captured " + captured.packets() + (captured.packets() == 1 ? " packet" : " packets") + " on "
                        + port + " into " + captured.file()));
    }

    record Captured(long packets, String file) {
    }
}
