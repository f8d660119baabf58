package io.trunkline.bindings.verbs;

import static io.trunkline.bindings.verbs.VerbsLayouts.IBV_DEVICE_ATTR;
import static io.trunkline.bindings.verbs.VerbsLayouts.offset;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

/** What ibv_query_device reports (struct ibv_device_attr), the limits a transport sizes itself by. */
public record DeviceAttributes(String firmwareVersion, long nodeGuid, long maxMrSize, int vendorId, int vendorPartId,
                               int maxQp, int maxQpWr, int maxSge, int maxCq, int maxCqe, int maxMr, int maxPd,
                               int physPortCount) {

    /** Copies the members off a filled struct ibv_device_attr. */
    static DeviceAttributes read(MemorySegment attr) {
        return new DeviceAttributes(
                attr.asSlice(offset(IBV_DEVICE_ATTR, "fw_ver"), 64).getString(0),
                attr.get(JAVA_LONG.withOrder(ByteOrder.BIG_ENDIAN), offset(IBV_DEVICE_ATTR, "node_guid")),
                attr.get(JAVA_LONG, offset(IBV_DEVICE_ATTR, "max_mr_size")),
                attr.get(JAVA_INT, offset(IBV_DEVICE_ATTR, "vendor_id")),
                attr.get(JAVA_INT, offset(IBV_DEVICE_ATTR, "vendor_part_id")),
                attr.get(JAVA_INT, offset(IBV_DEVICE_ATTR, "max_qp")),
                attr.get(JAVA_INT, offset(IBV_DEVICE_ATTR, "max_qp_wr")),
                attr.get(JAVA_INT, offset(IBV_DEVICE_ATTR, "max_sge")),
                attr.get(JAVA_INT, offset(IBV_DEVICE_ATTR, "max_cq")),
                attr.get(JAVA_INT, offset(IBV_DEVICE_ATTR, "max_cqe")),
                attr.get(JAVA_INT, offset(IBV_DEVICE_ATTR, "max_mr")),
                attr.get(JAVA_INT, offset(IBV_DEVICE_ATTR, "max_pd")),
                Byte.toUnsignedInt(attr.get(JAVA_BYTE, offset(IBV_DEVICE_ATTR, "phys_port_cnt"))));
    }
}
