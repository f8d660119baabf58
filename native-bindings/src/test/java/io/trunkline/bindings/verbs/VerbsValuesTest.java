package io.trunkline.bindings.verbs;

import static io.trunkline.bindings.verbs.VerbsLayouts.IBV_DEVICE_ATTR;
import static io.trunkline.bindings.verbs.VerbsLayouts.IBV_PORT_ATTR;
import static io.trunkline.bindings.verbs.VerbsLayouts.offset;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** MTU mapping, the out-of-band endpoint encoding, GIDs and the query results decoded from filled structs. */
class VerbsValuesTest {

    @Test
    void mtuEnumMapsToBytesBothWays() {
        int[] bytes = {256, 512, 1024, 2048, 4096};
        int[] enums = {VerbsConstants.IBV_MTU_256, VerbsConstants.IBV_MTU_512, VerbsConstants.IBV_MTU_1024,
                VerbsConstants.IBV_MTU_2048, VerbsConstants.IBV_MTU_4096};
        for (int i = 0; i < bytes.length; i++) {
            assertEquals(enums[i], Mtu.fromBytes(bytes[i]));
            assertEquals(bytes[i], Mtu.toBytes(enums[i]));
        }
        assertThrows(IllegalArgumentException.class, () -> Mtu.fromBytes(1500));
        assertThrows(IllegalArgumentException.class, () -> Mtu.fromBytes(8192));
        assertThrows(IllegalArgumentException.class, () -> Mtu.toBytes(0));
        assertThrows(IllegalArgumentException.class, () -> Mtu.toBytes(6));
    }

    @Test
    void endpointSurvivesTheWireInNetworkOrder() {
        QpEndpoint endpoint = new QpEndpoint(0xabcdef, 0x123456, 0x0102, VerbsConstants.IBV_MTU_2048,
                new Gid(0xfe80_0000_0000_0000L, 0x0a0b_0c0d_0e0f_1011L));
        ByteBuffer wire = ByteBuffer.allocate(QpEndpoint.ENCODED_LENGTH + 2).order(ByteOrder.LITTLE_ENDIAN);
        wire.put((byte) 0x55);
        endpoint.encode(wire);
        assertEquals(1 + QpEndpoint.ENCODED_LENGTH, wire.position());
        assertEquals(ByteOrder.LITTLE_ENDIAN, wire.order(), "the caller's byte order is left alone");
        assertEquals(0x00abcdef, wire.order(ByteOrder.BIG_ENDIAN).getInt(1));
        assertEquals((byte) 0xfe, wire.get(13));

        wire.order(ByteOrder.LITTLE_ENDIAN).flip().position(1);
        assertEquals(endpoint, QpEndpoint.decode(wire));
        assertEquals(1 + QpEndpoint.ENCODED_LENGTH, wire.position());
    }

    @Test
    void endpointRejectsWhatDoesNotFitTheProtocol() {
        assertThrows(IllegalArgumentException.class, () -> new QpEndpoint(1 << 24, 0, 0, VerbsConstants.IBV_MTU_1024, Gid.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new QpEndpoint(1, -1, 0, VerbsConstants.IBV_MTU_1024, Gid.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new QpEndpoint(1, 0, 0, 0, Gid.ZERO));
        assertThrows(IllegalArgumentException.class, () -> RtsConfig.of(1 << 24));
    }

    @Test
    void gidReadsAndPrintsAsAnIpv6Address() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment raw = arena.allocate(16);
            byte[] v4Mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 198, 18, 0, 1};
            MemorySegment.copy(MemorySegment.ofArray(v4Mapped), 0, raw, 0, 16);
            Gid gid = Gid.read(raw, 0);
            assertEquals("0000:0000:0000:0000:0000:ffff:c612:0001", gid.toString());
            assertFalse(gid.isZero());
            assertTrue(Gid.ZERO.isZero());
        }
    }

    @Test
    void deviceAttributesDecodeFromTheStruct() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = arena.allocate(IBV_DEVICE_ATTR);
            MemorySegment.copy(MemorySegment.ofArray("16.35.2000".getBytes(StandardCharsets.US_ASCII)), 0, attr, 0, 10);
            attr.set(JAVA_LONG.withOrder(ByteOrder.BIG_ENDIAN), offset(IBV_DEVICE_ATTR, "node_guid"), 0x0c42a10300112233L);
            attr.set(JAVA_LONG, offset(IBV_DEVICE_ATTR, "max_mr_size"), -1L);
            attr.set(JAVA_INT, offset(IBV_DEVICE_ATTR, "vendor_id"), 0x02c9);
            attr.set(JAVA_INT, offset(IBV_DEVICE_ATTR, "max_qp"), 131072);
            attr.set(JAVA_INT, offset(IBV_DEVICE_ATTR, "max_cqe"), 4194303);
            attr.set(JAVA_INT, offset(IBV_DEVICE_ATTR, "max_pd"), 16777216);
            attr.set(JAVA_BYTE, offset(IBV_DEVICE_ATTR, "phys_port_cnt"), (byte) 2);
            DeviceAttributes d = DeviceAttributes.read(attr);
            assertEquals("16.35.2000", d.firmwareVersion());
            assertEquals(0x0c42a10300112233L, d.nodeGuid());
            assertEquals(-1L, d.maxMrSize());
            assertEquals(0x02c9, d.vendorId());
            assertEquals(131072, d.maxQp());
            assertEquals(4194303, d.maxCqe());
            assertEquals(16777216, d.maxPd());
            assertEquals(2, d.physPortCount());
        }
    }

    @Test
    void portAttributesDecodeFromTheStruct() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = arena.allocate(IBV_PORT_ATTR);
            attr.set(JAVA_INT, offset(IBV_PORT_ATTR, "state"), VerbsConstants.IBV_PORT_ACTIVE);
            attr.set(JAVA_INT, offset(IBV_PORT_ATTR, "max_mtu"), VerbsConstants.IBV_MTU_4096);
            attr.set(JAVA_INT, offset(IBV_PORT_ATTR, "active_mtu"), VerbsConstants.IBV_MTU_1024);
            attr.set(JAVA_SHORT, offset(IBV_PORT_ATTR, "lid"), (short) 0xc001);
            attr.set(JAVA_BYTE, offset(IBV_PORT_ATTR, "link_layer"), (byte) VerbsConstants.IBV_LINK_LAYER_INFINIBAND);
            PortAttributes p = PortAttributes.read(attr);
            assertTrue(p.active());
            assertEquals(VerbsConstants.IBV_MTU_4096, p.maxMtu());
            assertEquals(VerbsConstants.IBV_MTU_1024, p.activeMtu());
            assertEquals(0xc001, p.lid(), "lid is unsigned");
            assertEquals(Addressing.LID, p.addressing());
            attr.set(JAVA_BYTE, offset(IBV_PORT_ATTR, "link_layer"), (byte) VerbsConstants.IBV_LINK_LAYER_ETHERNET);
            assertEquals(Addressing.GID, PortAttributes.read(attr).addressing());
        }
    }
}
