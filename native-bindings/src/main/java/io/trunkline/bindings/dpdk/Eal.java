package io.trunkline.bindings.dpdk;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import io.trunkline.bindings.SetupException;
import io.trunkline.bindings.os.CpuAffinity;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;

/** The Environment Abstraction Layer (rte_eal.h, rte_lcore.h, rte_errno.h). */
public final class Eal {
    private Eal() {
    }

    private static final MethodHandle RTE_EAL_INIT = Dpdk.call("rte_eal_init", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle RTE_EAL_CLEANUP = Dpdk.call("rte_eal_cleanup", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle RTE_THREAD_REGISTER = Dpdk.call("rte_thread_register", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle RTE_THREAD_UNREGISTER = Dpdk.call("rte_thread_unregister", FunctionDescriptor.ofVoid());
    private static final MethodHandle RTE_STRERROR = Dpdk.call("rte_strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));
    private static final MethodHandle RTE_DEV_PROBE = Dpdk.call("rte_dev_probe", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle RTE_EAL_HOTPLUG_REMOVE = Dpdk.call("rte_eal_hotplug_remove", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle TL_RTE_ERRNO = Dpdk.call("tl_rte_errno", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle TL_RTE_LCORE_ID = Dpdk.call("tl_rte_lcore_id", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle TL_RTE_SOCKET_ID = Dpdk.call("tl_rte_socket_id", FunctionDescriptor.of(JAVA_INT));

    private static final String RUNTIME_DIR = "/var/run/dpdk";
    private static String filePrefix;

    /** rte_lcore_id() of a thread that is neither an EAL lcore nor registered. */
    public static final int LCORE_ID_ANY = -1;

    /**
     * rte_eal_init with {@code args} as argv (the program name is prepended). Fails with the EAL's
     * reason, after checking what the EAL would otherwise report obscurely: root and hugepages.
     *
     * <p>The EAL pins its calling thread to the main lcore's CPU, and every thread that thread starts later inherits
     * that one CPU: a daemon's control threads (replication, health checks, BFD timers, the Aeron driver) would all
     * share one core with whatever else runs there while the other cores idle. So the caller gets back the CPUs it had;
     * only the poll-mode workers are pinned, each by itself.
     */
    public static void init(List<String> args) {
        checkPrerequisites(args);
        // The EAL may keep pointers into argv, so the strings live as long as the process.
        Arena arena = Arena.global();
        MemorySegment argv = arena.allocate(ADDRESS, args.size() + 2L);
        argv.setAtIndex(ADDRESS, 0, arena.allocateFrom("trunkline"));
        for (int i = 0; i < args.size(); i++) {
            argv.setAtIndex(ADDRESS, i + 1, arena.allocateFrom(args.get(i)));
        }
        BitSet callerCpus = CpuAffinity.ofCurrentThread();
        int ret;
        try {
            ret = (int) RTE_EAL_INIT.invokeExact(args.size() + 1, argv);
        } catch (Throwable t) {
            throw Dpdk.rethrow(t);
        }
        CpuAffinity.restoreCurrentThread(callerCpus);
        int prefixAt = args.indexOf("--file-prefix");
        filePrefix = prefixAt >= 0 && prefixAt + 1 < args.size() ? args.get(prefixAt + 1) : "rte";
        if (ret < 0) {
            int errno = errno();
            throw new SetupException("rte_eal_init failed: " + strerror(errno) + " (rte_errno " + errno + ", args " + String.join(" ", args) + ")",
                    "read the EAL lines above; check --file-prefix is unique, hugepages are free and the vdev arguments are right");
        }
    }

    /**
     * rte_eal_cleanup: releases hugepages and devices, then removes the runtime directory the EAL
     * leaves behind once it is empty. The EAL cannot be initialised again in this process.
     */
    public static void cleanup() {
        try {
            DpdkException.check((int) RTE_EAL_CLEANUP.invokeExact(), "rte_eal_cleanup");
        } catch (Throwable t) {
            throw Dpdk.rethrow(t);
        }
        if (filePrefix != null) {
            Path.of(RUNTIME_DIR, filePrefix).toFile().delete();
        }
    }

    /**
     * rte_dev_probe: attaches a device after start-up, e.g. {@code net_pcap0,rx_pcap=in.pcap}. Its
     * ethdev port appears for {@link EthDev#portByName} under the part before the first comma.
     */
    public static void probeDevice(String devargs) {
        try (Arena arena = Arena.ofConfined()) {
            DpdkException.check((int) RTE_DEV_PROBE.invokeExact(arena.allocateFrom(devargs)), "rte_dev_probe(" + devargs + ")");
        } catch (Throwable t) {
            throw Dpdk.rethrow(t);
        }
    }

    /** rte_eal_hotplug_remove of a virtual device: closes its port first if it is still open. */
    public static void removeVirtualDevice(String name) {
        try (Arena arena = Arena.ofConfined()) {
            DpdkException.check((int) RTE_EAL_HOTPLUG_REMOVE.invokeExact(arena.allocateFrom("vdev"), arena.allocateFrom(name)),
                    "rte_eal_hotplug_remove(vdev, " + name + ")");
        } catch (Throwable t) {
            throw Dpdk.rethrow(t);
        }
    }

    /** rte_thread_register: gives the calling Java thread an lcore id, as mempool caches need. */
    public static int registerThread() {
        try {
            int ret = (int) RTE_THREAD_REGISTER.invokeExact();
            if (ret < 0) {
                throw new DpdkException("rte_thread_register", errno());
            }
            return lcoreId();
        } catch (Throwable t) {
            throw Dpdk.rethrow(t);
        }
    }

    /** rte_thread_unregister: gives the calling thread's lcore id back. */
    public static void unregisterThread() {
        try {
            RTE_THREAD_UNREGISTER.invokeExact();
        } catch (Throwable t) {
            throw Dpdk.rethrow(t);
        }
    }

    /** rte_lcore_id(): the calling thread's lcore, or {@link #LCORE_ID_ANY}. */
    public static int lcoreId() {
        try {
            return (int) TL_RTE_LCORE_ID.invokeExact();
        } catch (Throwable t) {
            throw Dpdk.rethrow(t);
        }
    }

    /** rte_socket_id(): the calling thread's NUMA socket. */
    public static int socketId() {
        try {
            return (int) TL_RTE_SOCKET_ID.invokeExact();
        } catch (Throwable t) {
            throw Dpdk.rethrow(t);
        }
    }

    /** rte_errno of the calling thread. */
    public static int errno() {
        try {
            return (int) TL_RTE_ERRNO.invokeExact();
        } catch (Throwable t) {
            throw Dpdk.rethrow(t);
        }
    }

    /** rte_strerror: DPDK's text for an errno value, its own codes included. */
    public static String strerror(int errno) {
        try {
            MemorySegment text = (MemorySegment) RTE_STRERROR.invokeExact(errno);
            return text.reinterpret(256).getString(0);
        } catch (Throwable t) {
            throw Dpdk.rethrow(t);
        }
    }

    private static void checkPrerequisites(List<String> args) {
        if (!isRoot()) {
            throw new SetupException("DPDK needs root (hugepages, device access) and this process runs as uid " + uid(),
                    "run as root (sudo bin/trunkline ...)");
        }
        if (!args.contains("--no-huge") && freeHugepages() == 0) {
            throw new SetupException("no free hugepages (HugePages_Free is 0 in /proc/meminfo)",
                    "reserve some: scripts/bootstrap, or echo 1024 > /proc/sys/vm/nr_hugepages");
        }
    }

    static boolean isRoot() {
        return uid() == 0;
    }

    private static long uid() {
        return statusField("/proc/self/status", "Uid:");
    }

    /** HugePages_Free from /proc/meminfo, or -1 when it cannot be read. */
    public static long freeHugepages() {
        return statusField("/proc/meminfo", "HugePages_Free:");
    }

    private static long statusField(String file, String key) {
        try {
            for (String line : Files.readAllLines(Path.of(file))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
