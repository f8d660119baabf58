package io.trunkline.bindings.verbs;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import io.trunkline.bindings.SetupException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * The RDMA devices of this host (ibv_get_device_list, ibv_get_device_name, ibv_free_device_list)
 * and the one way in to everything that needs a device: {@link #open}. A host without an RDMA
 * device fails there, once, with a {@link SetupException} naming the cause.
 */
public final class DeviceList {
    private DeviceList() {
    }

    /** What the operator does when no device is there. */
    public static final String NO_DEVICE_FIX = "RDMA replication needs an InfiniBand/RoCE NIC with its rdma-core provider,"
            + " or use the Ethernet transport";

    private static final MethodHandle IBV_GET_DEVICE_LIST = Verbs.callSettingErrno("ibv_get_device_list",
            FunctionDescriptor.of(ADDRESS, ADDRESS));
    private static final MethodHandle IBV_FREE_DEVICE_LIST = Verbs.call("ibv_free_device_list", FunctionDescriptor.ofVoid(ADDRESS));
    private static final MethodHandle IBV_GET_DEVICE_NAME = Verbs.call("ibv_get_device_name", FunctionDescriptor.of(ADDRESS, ADDRESS));

    /** The names of the RDMA devices (e.g. {@code mlx5_0}, {@code rxe0}); empty when there are none. */
    public static List<String> names() {
        try (Arena arena = Arena.ofConfined()) {
            Listing listing = list(arena);
            try {
                return listing.names();
            } finally {
                listing.free();
            }
        }
    }

    /**
     * ibv_open_device on the device called {@code name}, or on the first device when {@code name}
     * is null. The list is freed before returning: an opened device outlives it.
     *
     * @throws SetupException when there is no RDMA device, no device of that name, or it cannot be opened
     */
    public static DeviceContext open(String name) {
        try (Arena arena = Arena.ofConfined()) {
            Listing listing = list(arena);
            try {
                List<String> names = listing.names();
                if (names.isEmpty()) {
                    throw new SetupException(listing.noDeviceCause(), NO_DEVICE_FIX);
                }
                int index = name == null ? 0 : names.indexOf(name);
                if (index < 0) {
                    throw new SetupException("no RDMA device named " + name + " (present: " + String.join(", ", names) + ")",
                            "set the replication device to one of the present ones");
                }
                return DeviceContext.open(listing.device(index), names.get(index));
            } finally {
                listing.free();
            }
        }
    }

    /** What ibv_get_device_list returned: the NULL-terminated array and its length, or the errno of its failure. */
    private record Listing(MemorySegment array, int count, int errno) {
        List<String> names() {
            List<String> names = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                try {
                    names.add(Verbs.string((MemorySegment) IBV_GET_DEVICE_NAME.invokeExact(device(i)), VerbsConstants.IBV_SYSFS_NAME_MAX));
                } catch (Throwable t) {
                    throw Verbs.rethrow(t);
                }
            }
            return names;
        }

        MemorySegment device(int index) {
            return array.getAtIndex(ADDRESS, index);
        }

        String noDeviceCause() {
            return errno != 0
                    ? "no RDMA device: ibv_get_device_list failed: " + Verbs.strerror(errno) + " (errno " + errno + ")"
                    : "no RDMA device: ibv_get_device_list found none";
        }

        void free() {
            if (!array.equals(MemorySegment.NULL)) {
                try {
                    IBV_FREE_DEVICE_LIST.invokeExact(array);
                } catch (Throwable t) {
                    throw Verbs.rethrow(t);
                }
            }
        }
    }

    private static Listing list(Arena arena) {
        MemorySegment state = Verbs.callState(arena);
        MemorySegment count = arena.allocate(JAVA_INT);
        try {
            MemorySegment array = (MemorySegment) IBV_GET_DEVICE_LIST.invokeExact(state, count);
            if (array.equals(MemorySegment.NULL)) {
                return new Listing(MemorySegment.NULL, 0, Verbs.errno(state));
            }
            int n = count.get(JAVA_INT, 0);
            return new Listing(array.reinterpret(ADDRESS.byteSize() * (n + 1L)), n, 0);
        } catch (Throwable t) {
            throw Verbs.rethrow(t);
        }
    }
}
