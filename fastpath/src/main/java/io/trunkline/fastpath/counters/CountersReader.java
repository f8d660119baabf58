package io.trunkline.fastpath.counters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a counters file written by {@link CountersFile}, from any process: maps it read-only and reads
 * values with opaque loads while the workers go on writing. Values are sums over workers unless a worker
 * is named. Needs only {@code java.base}.
 */
public final class CountersReader implements AutoCloseable {
    /** Receives one counter. */
    @FunctionalInterface
    public interface CounterConsumer {
        void accept(int id, int typeId, String label, long total);
    }

    private final Arena arena;
    private final MemorySegment file;
    private final int workers;
    private final int counterCount;
    private final int metadataOffset;
    private final int valuesOffset;
    private final int workerStride;

    private CountersReader(Arena arena, MemorySegment file) {
        this.arena = arena;
        this.file = file;
        this.workers = file.get(ValueLayout.JAVA_INT, CountersDescriptor.WORKER_COUNT_OFFSET);
        this.counterCount = file.get(ValueLayout.JAVA_INT, CountersDescriptor.COUNTER_COUNT_OFFSET);
        this.metadataOffset = file.get(ValueLayout.JAVA_INT, CountersDescriptor.METADATA_OFFSET_OFFSET);
        this.valuesOffset = file.get(ValueLayout.JAVA_INT, CountersDescriptor.VALUES_OFFSET_OFFSET);
        this.workerStride = file.get(ValueLayout.JAVA_INT, CountersDescriptor.WORKER_STRIDE_OFFSET);
    }

    /**
     * @throws UncheckedIOException   naming the file when it cannot be opened
     * @throws IllegalStateException  when it is not a complete counters file of this version
     */
    public static CountersReader open(Path path) {
        Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < CountersDescriptor.HEADER_LENGTH) {
                throw new IllegalStateException("counters file " + path + " is " + size + " bytes, shorter than its header");
            }
            MemorySegment file = channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            checkHeader(path, file);
            return new CountersReader(arena, file);
        } catch (IOException e) {
            arena.close();
            throw new UncheckedIOException("cannot open counters file " + path + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private static void checkHeader(Path path, MemorySegment file) {
        long magic = (long) CountersDescriptor.LONG.getAcquire(file, (long) CountersDescriptor.MAGIC_OFFSET);
        if (magic != CountersDescriptor.MAGIC) {
            throw new IllegalStateException("counters file " + path + " has no counters header (yet)");
        }
        int version = file.get(ValueLayout.JAVA_INT, CountersDescriptor.VERSION_OFFSET);
        if (version != CountersDescriptor.VERSION) {
            throw new IllegalStateException("counters file " + path + " is version " + version
                + ", this reader reads version " + CountersDescriptor.VERSION);
        }
        int workers = file.get(ValueLayout.JAVA_INT, CountersDescriptor.WORKER_COUNT_OFFSET);
        int counters = file.get(ValueLayout.JAVA_INT, CountersDescriptor.COUNTER_COUNT_OFFSET);
        long expected = CountersDescriptor.fileLength(workers, counters);
        if (file.byteSize() < expected) {
            throw new IllegalStateException("counters file " + path + " is " + file.byteSize()
                + " bytes, its header says " + expected);
        }
    }

    public int workers() {
        return workers;
    }

    public int counterCount() {
        return counterCount;
    }

    public String label(int id) {
        long record = record(id);
        int length = file.get(ValueLayout.JAVA_INT, record + CountersDescriptor.LABEL_LENGTH_OFFSET);
        byte[] bytes = new byte[length];
        MemorySegment.copy(file, ValueLayout.JAVA_BYTE, record + CountersDescriptor.LABEL_OFFSET, bytes, 0, length);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    public int typeId(int id) {
        return file.get(ValueLayout.JAVA_INT, record(id) + CountersDescriptor.TYPE_ID_OFFSET);
    }

    public long value(int worker, int id) {
        if (worker < 0 || worker >= workers) {
            throw new IllegalArgumentException("worker " + worker + " outside 0.." + (workers - 1));
        }
        record(id);
        long offset = valuesOffset + (long) worker * workerStride + (long) id * Long.BYTES;
        return (long) CountersDescriptor.LONG.getOpaque(file, offset);
    }

    /** The counter summed over all workers. */
    public long total(int id) {
        long sum = 0;
        for (int worker = 0; worker < workers; worker++) {
            sum += value(worker, id);
        }
        return sum;
    }

    /** The id of the counter with this label, or -1. */
    public int find(String label) {
        for (int id = 0; id < counterCount; id++) {
            if (label(id).equals(label)) {
                return id;
            }
        }
        return -1;
    }

    public void forEach(CounterConsumer consumer) {
        for (int id = 0; id < counterCount; id++) {
            consumer.accept(id, typeId(id), label(id), total(id));
        }
    }

    private long record(int id) {
        if (id < 0 || id >= counterCount) {
            throw new IllegalArgumentException("counter id " + id + " outside 0.." + (counterCount - 1));
        }
        return metadataOffset + (long) id * CountersDescriptor.RECORD_LENGTH;
    }

    @Override
    public void close() {
        arena.close();
    }
}
