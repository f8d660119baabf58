package io.trunkline.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionTableSegmentTest {
    private static final int CLIENT = 0xC6120000;   // 198.18.0.0
    private static final int VIP = 0xC6130001;      // 198.19.0.1
    private static final long DOC_PREFIX = 0x20010db800000000L;

    @TempDir(factory = ShmTempDirFactory.class)
    Path directory;

    @Test
    void segmentOfNamesTheSegmentWhereChronicleStoresTheKey() {
        try (SessionTable table = SessionTable.open(new SessionTableConfig(directory.resolve("sessions.map"), 50_000))) {
            Map<String, Integer> expected = new HashMap<>();
            SessionEntry entry = new SessionEntry().backendId(1).state(SessionState.OPENING).version(1).originId(1);
            for (int i = 0; i < 5_000; i++) {
                FlowKey key = i % 2 == 0
                    ? new FlowKey().ipv4(FlowKey.PROTOCOL_TCP, CLIENT + i, 1024 + i, VIP, 80)
                    : new FlowKey().ipv6(FlowKey.PROTOCOL_UDP, DOC_PREFIX, i, 5353, DOC_PREFIX, 2, 53);
                assertTrue(table.put(key, entry));
                expected.put(key.toString(), table.segmentOf(key));
            }

            Map<String, Integer> found = new HashMap<>();
            for (int segment = 0; segment < table.segments(); segment++) {
                int visited = segment;
                table.forEachInSegment(segment, (key, value) -> found.put(key.toString(), visited));
            }

            assertEquals(expected, found);
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment encoded = arena.allocate(8 + FlowKey.SIZE, 8);
                for (int i = 0; i < 1_000; i++) {
                    FlowKey key = new FlowKey().ipv6(FlowKey.PROTOCOL_TCP, DOC_PREFIX, i, 443, DOC_PREFIX + i, 7, 8443);
                    key.encode(encoded, 8);
                    assertEquals(table.segmentOf(key), table.segmentOfEncoded(encoded, 8), "stored form hashed in place");
                }
            }
            assertTrue(new HashSet<>(expected.values()).size() > 1, "keys spread over more than one segment");
        }
    }
}
