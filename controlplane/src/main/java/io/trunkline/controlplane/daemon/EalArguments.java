package io.trunkline.controlplane.daemon;

import io.trunkline.controlplane.config.DpdkConfig;
import io.trunkline.controlplane.config.PortConfig;
import io.trunkline.controlplane.config.TrunklineConfig;
import io.trunkline.fastpath.runner.DataPorts;
import java.util.ArrayList;
import java.util.List;

/**
 * The EAL command line of a dispatcher. Only the main lcore is an EAL lcore: workers are Java threads
 * the EAL registers at start ({@code rte_thread_register}) and pins to their configured CPUs. Virtual
 * devices come as {@code --vdev}, PCI functions as {@code -a} (and no other PCI device is probed);
 * the file prefix is the node's, so two dispatchers on one host keep apart.
 */
final class EalArguments {
    private static final long MEGABYTE = 1 << 20;

    private EalArguments() {
    }

    static List<String> of(TrunklineConfig config) {
        DpdkConfig dpdk = config.dpdk();
        List<String> args = new ArrayList<>(List.of("-l", Integer.toString(dpdk.mainLcore()),
                "--main-lcore", Integer.toString(dpdk.mainLcore()),
                "--file-prefix", filePrefix(config), "--no-telemetry"));
        if (dpdk.memory() == DpdkConfig.Memory.ANONYMOUS) {
            args.addAll(List.of("--no-huge", "--no-shconf"));
        }
        if (dpdk.memorySize() > 0) {
            args.addAll(List.of("-m", Long.toString(Math.max(1, dpdk.memorySize() / MEGABYTE))));
        }
        boolean anyPci = false;
        for (PortConfig port : config.ports()) {
            if (DataPorts.isVirtual(port.device())) {
                args.addAll(List.of("--vdev", port.device()));
            } else {
                args.addAll(List.of("-a", port.device()));
                anyPci = true;
            }
        }
        if (!anyPci) {
            args.add("--no-pci");
        }
        args.addAll(dpdk.ealArgs());
        return args;
    }

    /** The EAL's file prefix (hugepage files, runtime directory) of this node. */
    static String filePrefix(TrunklineConfig config) {
        return "trunkline-" + config.node().name();
    }
}
