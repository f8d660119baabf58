package io.trunkline.fastpath.testing;

import io.trunkline.bindings.dpdk.Eal;
import java.nio.file.Path;
import java.util.List;

/**
 * The one EAL of a test JVM (DPDK allows one per process). Anonymous memory and no shared runtime files
 * (--no-huge, --no-shconf), no PCI probing (the machine's own NIC is never touched); tests attach
 * the virtual devices they need with {@link Eal#probeDevice} and remove them afterwards.
 */
public final class TestEal {
    private static boolean started;

    private TestEal() {
    }

    /** Starts the EAL on the calling thread, which becomes the main lcore, unless already started. */
    public static synchronized void start() {
        if (!started) {
            String prefix = "trunkline-test-" + ProcessHandle.current().pid();
            // The EAL leaves its (empty) runtime directory behind even without shared config.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> Path.of("/var/run/dpdk", prefix).toFile().delete()));
            Eal.init(List.of("-l", "0", "--no-pci", "--no-huge", "-m", "512", "--no-shconf",
                    "--file-prefix", prefix, "--log-level", "lib.eal:warning", "--no-telemetry"));
            started = true;
        }
    }
}
