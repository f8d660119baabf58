package io.trunkline.controlplane.replication.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The insert time of every bench session, in a file on tmpfs both bench processes map: one 64-bit
 * {@link System#nanoTime()} per session number, 0 for a session that has none (preloaded for a snapshot).
 * On Linux {@code nanoTime} is CLOCK_MONOTONIC, one clock for every process of the host, so the receiver
 * subtracts the sender's stamp from its own reading at apply. The sender writes a stamp before it offers
 * the change to its queue; the record crosses the queue (a release store), the replicator and the socket
 * before the receiver reads it.
 */
final class SendTimes implements AutoCloseable {
    private final Arena arena = Arena.ofShared();
    private final MemorySegment times;

    /** Maps {@code file}, creating it with room for {@code sessions} stamps if needed. */
    SendTimes(Path file, int sessions) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            times = channel.map(FileChannel.MapMode.READ_WRITE, 0, (long) sessions * Long.BYTES, arena);
        } catch (IOException e) {
            arena.close();
            throw new UncheckedIOException("cannot map the bench's send times " + file + ": " + e.getMessage(), e);
        }
    }

    void stamp(int session, long nanoTime) {
        times.setAtIndex(ValueLayout.JAVA_LONG, session, nanoTime);
    }

    /** The stamp of {@code session}, 0 when it has none. */
    long sentAt(int session) {
        return session >= 0 && session < times.byteSize() / Long.BYTES ? times.getAtIndex(ValueLayout.JAVA_LONG, session) : 0;
    }

    @Override
    public void close() {
        arena.close();
    }
}
