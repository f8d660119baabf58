package io.trunkline.fastpath.runner;

import io.trunkline.bindings.dpdk.EthDev;
import io.trunkline.bindings.dpdk.MbufPool;
import java.util.ArrayList;
import java.util.List;

/**
 * The dispatcher's data ports, set up the way the DPDK examples do it (configure, queues, start),
 * with one rx/tx queue pair per worker so that RSS spreads flows over the workers. The devices were
 * attached by the EAL ({@code --vdev} or {@code -a}); a port is found by its device name: the PCI
 * address, or a virtual device string's part before the first comma.
 */
public final class DataPorts implements AutoCloseable {
    private final int[] ids;
    private final long[] macs;
    private final long[] rssHashFunctions;

    private DataPorts(int[] ids, long[] macs, long[] rssHashFunctions) {
        this.ids = ids;
        this.macs = macs;
        this.rssHashFunctions = rssHashFunctions;
    }

    /**
     * Configures and starts every device with {@code queues} queue pairs on {@code pool}.
     *
     * @param devices PCI addresses or virtual device strings, as the configuration gives them
     */
    public static DataPorts start(List<String> devices, int queues, MbufPool pool) {
        int[] ids = new int[devices.size()];
        long[] macs = new long[devices.size()];
        long[] rss = new long[devices.size()];
        List<Integer> started = new ArrayList<>();
        try {
            for (int p = 0; p < ids.length; p++) {
                ids[p] = EthDev.portByName(deviceName(devices.get(p)));
                rss[p] = EthDev.configure(ids[p], EthDev.PortConfig.queues(queues), pool);
                EthDev.start(ids[p]);
                started.add(ids[p]);
                macs[p] = EthDev.macAddress(ids[p]);
            }
        } catch (RuntimeException e) {
            started.forEach(DataPorts::stopQuietly);
            throw e;
        }
        return new DataPorts(ids, macs, rss);
    }

    /** The ethdev name of a device string: {@code net_pcap0,rx_pcap=x} → {@code net_pcap0}. */
    public static String deviceName(String device) {
        int comma = device.indexOf(',');
        return comma < 0 ? device : device.substring(0, comma);
    }

    /** Whether the device string names a virtual device rather than a PCI function. */
    public static boolean isVirtual(String device) {
        return device.startsWith("net_") || device.startsWith("eth_");
    }

    public int count() {
        return ids.length;
    }

    /** The DPDK port ids, in configuration order. */
    public int[] ids() {
        return ids.clone();
    }

    /** Each port's MAC as a 48-bit value, in configuration order. */
    public long[] macs() {
        return macs.clone();
    }

    /** The RSS hash functions in effect on port {@code index} (0 with one queue). */
    public long rssHashFunctions(int index) {
        return rssHashFunctions[index];
    }

    @Override
    public void close() {
        for (int id : ids) {
            stopQuietly(id);
        }
    }

    private static void stopQuietly(int id) {
        try {
            EthDev.stop(id);
            EthDev.close(id);
        } catch (RuntimeException ignored) {
            // Shutting down: a port that will not stop is released by rte_eal_cleanup.
        }
    }
}
