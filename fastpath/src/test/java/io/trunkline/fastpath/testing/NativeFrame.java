package io.trunkline.fastpath.testing;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A test frame copied into native memory, as an mbuf holds it, followed by filler bytes the test
 * chooses. Code that reads frames by absolute address cannot have its reads bounds-checked; putting the
 * same frame before two different fillers and comparing the answers shows that none depends on a byte
 * past the frame's end.
 */
public final class NativeFrame implements AutoCloseable {
    /** Filler bytes written after the frame: more than any header read could reach past it. */
    public static final int FILLER_LENGTH = 256;
    private static final int MAX_FRAME_LENGTH = 65_536;

    private final Arena arena = Arena.ofConfined();
    private final MemorySegment memory = arena.allocate(MAX_FRAME_LENGTH + FILLER_LENGTH, 64);

    /** Copies {@code frame} in, {@code filler} after it; returns the frame's native address. */
    public long put(byte[] frame, byte filler) {
        MemorySegment.copy(MemorySegment.ofArray(frame), 0, memory, 0, frame.length);
        memory.asSlice(frame.length, FILLER_LENGTH).fill(filler);
        return memory.address();
    }

    @Override
    public void close() {
        arena.close();
    }
}
