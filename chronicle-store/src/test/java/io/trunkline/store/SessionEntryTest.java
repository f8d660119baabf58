package io.trunkline.store;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionEntryTest {
    @Test
    void encodeDecodeRoundTripsAtAnOffset() {
        SessionEntry entry = new SessionEntry().backendId(-7).state(SessionState.CLOSING)
            .createdMillis(1_700_000_000_000L).lastSeenMillis(1_700_000_000_500L).originId(65535).version(-2L);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment segment = arena.allocate(5 + SessionEntry.SIZE);
            entry.encode(segment, 5);

            SessionEntry decoded = new SessionEntry().decode(segment, 5);
            assertEquals(entry, decoded);
            assertEquals(65535, decoded.originId());
            assertEquals(SessionState.CLOSING.code(), segment.get(ValueLayout.JAVA_BYTE, 5 + SessionEntry.STATE_OFFSET));
        }
    }

    @Test
    void decodeRejectsAnUnknownState() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment segment = arena.allocate(SessionEntry.SIZE);
            assertThrows(IllegalArgumentException.class, () -> new SessionEntry().decode(segment, 0));
        }
    }

    @Test
    void stateCodesRoundTrip() {
        for (SessionState state : SessionState.values()) {
            assertEquals(state, SessionState.fromCode(state.code()));
        }
        assertThrows(IllegalArgumentException.class, () -> SessionState.fromCode(0));
        assertThrows(IllegalArgumentException.class, () -> SessionState.fromCode(5));
    }

    @Test
    void originIdMustFitSixteenBits() {
        assertThrows(IllegalArgumentException.class, () -> new SessionEntry().originId(65536));
        assertThrows(IllegalArgumentException.class, () -> new SessionEntry().originId(-1));
    }

    @Test
    void newerComparesVersionThenOriginUnsigned() {
        assertTrue(SessionEntry.isNewer(2, 0, 1, 9));
        assertFalse(SessionEntry.isNewer(1, 9, 2, 0));
        assertTrue(SessionEntry.isNewer(5, 2, 5, 1));
        assertFalse(SessionEntry.isNewer(5, 1, 5, 2));
        assertFalse(SessionEntry.isNewer(5, 1, 5, 1));
        assertTrue(SessionEntry.isNewer(0x8000_0000_0000_0000L, 0, Long.MAX_VALUE, 0));
    }
}
