package io.trunkline.store;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlowKeyTest {
    private static final int CLIENT = 0xC6120001;   // 198.18.0.1
    private static final int VIP = 0xC6130001;      // 198.19.0.1
    private static final long DOC_PREFIX = 0x20010db800000000L;  // 2001:db8::/64

    @Test
    void ipv4IsStoredAsIpv4MappedAddress() {
        FlowKey key = new FlowKey().ipv4(FlowKey.PROTOCOL_TCP, CLIENT, 1234, VIP, 80);

        assertFalse(key.isIpv6());
        assertEquals(4, key.family());
        assertEquals(0L, key.clientHi());
        assertEquals(0x0000_ffff_c612_0001L, key.clientLo());
        assertEquals(CLIENT, key.clientIpv4());
        assertEquals(VIP, key.vipIpv4());
        assertEquals(6, key.protocol());
        assertEquals(1234, key.clientPort());
        assertEquals(80, key.vipPort());
    }

    @Test
    void portsAndProtocolAreUnsigned() {
        FlowKey key = new FlowKey().ipv4(255, CLIENT, 65535, VIP, 65534);

        assertEquals(255, key.protocol());
        assertEquals(65535, key.clientPort());
        assertEquals(65534, key.vipPort());
    }

    @Test
    void ipv4AndIpv6OfTheMappedAddressAreDifferentKeys() {
        FlowKey v4 = new FlowKey().ipv4(6, CLIENT, 1, VIP, 2);
        FlowKey v6 = new FlowKey().ipv6(6, 0, v4.clientLo(), 1, 0, v4.vipLo(), 2);

        assertNotEquals(v4, v6);
        assertNotEquals(v4.hash(), v6.hash());
    }

    @Test
    void hashIsAFixedFunctionOfTheKey() {
        // Pinned: dispatchers in different processes and releases must agree on the fallback choice.
        assertEquals(0x1062d431, new FlowKey().ipv4(6, CLIENT, 1234, VIP, 80).hash());
        assertEquals(0x4e8f9399, new FlowKey().ipv6(17, DOC_PREFIX, 1, 5353, DOC_PREFIX, 2, 53).hash());
    }

    @Test
    void hashSpreadsNeighbouringPorts() {
        FlowKey key = new FlowKey();
        int[] buckets = new int[16];
        for (int port = 0; port < 16_000; port++) {
            buckets[key.ipv4(6, CLIENT, port, VIP, 80).hash() >>> 28]++;
        }
        for (int count : buckets) {
            assertTrue(count > 800 && count < 1200, () -> "uneven buckets " + java.util.Arrays.toString(buckets));
        }
    }

    @Test
    void equalKeysHaveEqualHashCodes() {
        FlowKey a = new FlowKey().ipv6(6, DOC_PREFIX, 7, 40000, DOC_PREFIX, 8, 443);
        FlowKey b = new FlowKey().copyFrom(a);

        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, b.ipv6(6, DOC_PREFIX, 7, 40000, DOC_PREFIX, 8, 444));
    }

    @Test
    void encodeDecodeRoundTripsAtAnOffset() {
        FlowKey v6 = new FlowKey().ipv6(17, DOC_PREFIX | 0xabcd, -1L, 65535, 0xfe80000000000000L, 0x1234, 53);
        FlowKey v4 = new FlowKey().ipv4(6, CLIENT, 1234, VIP, 80);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment segment = arena.allocate(3 + 2 * FlowKey.SIZE);
            v6.encode(segment, 3);
            v4.encode(segment, 3 + FlowKey.SIZE);

            assertEquals(v6, new FlowKey().decode(segment, 3));
            assertEquals(v4, new FlowKey().decode(segment, 3 + FlowKey.SIZE));
        }
    }

    @Test
    void encodingIsLittleEndianAsDrawn() {
        FlowKey key = new FlowKey().ipv4(6, CLIENT, 0x1234, VIP, 80);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment segment = arena.allocate(FlowKey.SIZE);
            segment.fill((byte) 0x55);
            key.encode(segment, 0);

            assertEquals((byte) 0x01, segment.get(ValueLayout.JAVA_BYTE, FlowKey.CLIENT_LO_OFFSET));
            assertEquals((byte) 0xff, segment.get(ValueLayout.JAVA_BYTE, FlowKey.CLIENT_LO_OFFSET + 4));
            assertEquals((byte) 0x34, segment.get(ValueLayout.JAVA_BYTE, FlowKey.CLIENT_PORT_OFFSET));
            assertEquals((byte) 6, segment.get(ValueLayout.JAVA_BYTE, FlowKey.PROTOCOL_OFFSET));
            assertEquals((byte) 4, segment.get(ValueLayout.JAVA_BYTE, FlowKey.FAMILY_OFFSET));
            assertEquals((short) 0, segment.get(ValueLayout.JAVA_SHORT_UNALIGNED, FlowKey.RESERVED_OFFSET));
        }
    }

    @Test
    void toStringNamesProtocolAndEndpoints() {
        assertEquals("tcp 198.18.0.1:1234 -> 198.19.0.1:80", new FlowKey().ipv4(6, CLIENT, 1234, VIP, 80).toString());
        assertEquals("udp [2001:db8::1]:5353 -> [2001:db8::2]:53",
            new FlowKey().ipv6(17, DOC_PREFIX, 1, 5353, DOC_PREFIX, 2, 53).toString());
        assertEquals("tcp [2001:db8::1:0:1]:1 -> [::1]:2",
            new FlowKey().ipv6(6, DOC_PREFIX, 0x0000000100000001L, 1, 0, 1, 2).toString());
        assertEquals("proto-132 [2001:db8:1::]:1 -> [fe80::1]:65535",
            new FlowKey().ipv6(132, 0x20010db800010000L, 0, 1, 0xfe80000000000000L, 1, 0xffff).toString());
        assertEquals("icmp 0.0.0.0:0 -> 255.255.255.255:0", new FlowKey().ipv4(1, 0, 0, -1, 0).toString());
    }
}
