package io.trunkline.bindings.verbs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.trunkline.bindings.SetupException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The device list on this host. Without an RDMA device (these lab machines: no RDMA NIC, and a
 * kernel without rdma modules) opening one must fail once, with one message naming the cause.
 */
class DeviceListTest {

    /** rdma-core reads the uverbs ABI version here; without it ibv_get_device_list fails with ENOSYS. */
    private static final Path UVERBS_CLASS = Path.of("/sys/class/infiniband_verbs");

    /** The kernel lists each RDMA device here, under the name ibv_get_device_name reports. */
    private static final Path DEVICE_CLASS = Path.of("/sys/class/infiniband");

    @Test
    void listsTheDevicesTheKernelHas() throws IOException {
        List<String> kernel = new ArrayList<>();
        if (Files.isDirectory(DEVICE_CLASS)) {
            try (var entries = Files.list(DEVICE_CLASS)) {
                entries.map(p -> p.getFileName().toString()).forEach(kernel::add);
            }
        }
        List<String> listed = new ArrayList<>(DeviceList.names());
        Collections.sort(kernel);
        Collections.sort(listed);
        assertEquals(kernel, listed);
    }

    @Test
    void openingWithoutAnyDeviceNamesTheCause() {
        assumeTrue(DeviceList.names().isEmpty(), "this host has an RDMA device");
        SetupException e = assertThrows(SetupException.class, () -> DeviceList.open(null));
        String expected = Files.exists(UVERBS_CLASS)
                ? "no RDMA device: ibv_get_device_list found none"
                : "no RDMA device: ibv_get_device_list failed: Function not implemented (errno 38)";
        assertEquals(expected, e.getMessage());
        assertEquals(DeviceList.NO_DEVICE_FIX, e.fix());
    }

    @Test
    void openingANamedDeviceWithoutAnyDeviceFailsTheSameWay() {
        assumeTrue(DeviceList.names().isEmpty(), "this host has an RDMA device");
        SetupException e = assertThrows(SetupException.class, () -> DeviceList.open("mlx5_0"));
        assertTrue(e.getMessage().startsWith("no RDMA device: ibv_get_device_list "), e.getMessage());
    }
}
