package io.trunkline.fastpath.counters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The fast path's counters in a memory-mapped file, so that another process (the control plane's metrics,
 * an operator's {@link CountersStat}) reads them while the workers run, as Aeron's counters file is read by
 * AeronStat. Layout in {@link CountersDescriptor}: a header, one metadata record (type, label) per counter,
 * then one cache-line-padded region of values per worker.
 * <p>
 * Created once at start-up, before the workers run. A file left by an earlier run is deleted, not
 * truncated: a reader still mapping it keeps the old file instead of faulting on a shrunk mapping.
 * The magic number is stored last, with release semantics, so a reader that sees it sees a complete header
 * and metadata.
 */
public final class CountersFile implements AutoCloseable {
    private final Path path;
    private final Arena arena;
    private final MemorySegment file;
    private final CounterLayout layout;
    private final int workers;

    private CountersFile(Path path, Arena arena, MemorySegment file, CounterLayout layout, int workers) {
        this.path = path;
        this.arena = arena;
        this.file = file;
        this.layout = layout;
        this.workers = workers;
    }

    /** Where a node keeps its counters: {@code /dev/shm/trunkline-<node>-counters}. */
    public static Path defaultPath(String node) {
        return Path.of("/dev/shm", "trunkline-" + node + "-counters");
    }

    /**
     * Creates (or replaces) the file and writes header and labels.
     *
     * @throws UncheckedIOException naming the file when it cannot be created or mapped
     */
    public static CountersFile create(Path path, CounterLayout layout, int workers) {
        if (workers <= 0) {
            throw new IllegalArgumentException("worker count " + workers + " must be positive");
        }
        int counterCount = layout.count();
        long length = CountersDescriptor.fileLength(workers, counterCount);
        Arena arena = Arena.ofShared();
        try {
            Files.deleteIfExists(path);
            MemorySegment file;
            try (FileChannel channel = FileChannel.open(path,
                StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                file = channel.map(FileChannel.MapMode.READ_WRITE, 0, length, arena);
            }
            CountersFile counters = new CountersFile(path, arena, file, layout, workers);
            counters.writeMetadata();
            return counters;
        } catch (IOException e) {
            arena.close();
            throw new UncheckedIOException("cannot create counters file " + path + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private void writeMetadata() {
        int counterCount = layout.count();
        file.set(ValueLayout.JAVA_INT, CountersDescriptor.VERSION_OFFSET, CountersDescriptor.VERSION);
        file.set(ValueLayout.JAVA_INT, CountersDescriptor.WORKER_COUNT_OFFSET, workers);
        file.set(ValueLayout.JAVA_INT, CountersDescriptor.COUNTER_COUNT_OFFSET, counterCount);
        file.set(ValueLayout.JAVA_INT, CountersDescriptor.METADATA_OFFSET_OFFSET, CountersDescriptor.HEADER_LENGTH);
        file.set(ValueLayout.JAVA_INT, CountersDescriptor.VALUES_OFFSET_OFFSET, valuesOffset());
        file.set(ValueLayout.JAVA_INT, CountersDescriptor.WORKER_STRIDE_OFFSET, CountersDescriptor.workerStride(counterCount));
        for (int id = 0; id < counterCount; id++) {
            byte[] label = layout.label(id).getBytes(StandardCharsets.UTF_8);
            if (label.length > CountersDescriptor.MAX_LABEL_LENGTH) {
                throw new IllegalArgumentException("counter label '" + layout.label(id) + "' longer than "
                    + CountersDescriptor.MAX_LABEL_LENGTH + " bytes");
            }
            long record = CountersDescriptor.HEADER_LENGTH + (long) id * CountersDescriptor.RECORD_LENGTH;
            file.set(ValueLayout.JAVA_INT, record + CountersDescriptor.TYPE_ID_OFFSET, layout.typeId(id));
            file.set(ValueLayout.JAVA_INT, record + CountersDescriptor.LABEL_LENGTH_OFFSET, label.length);
            MemorySegment.copy(label, 0, file, ValueLayout.JAVA_BYTE, record + CountersDescriptor.LABEL_OFFSET, label.length);
        }
        CountersDescriptor.LONG.setRelease(file, (long) CountersDescriptor.MAGIC_OFFSET, CountersDescriptor.MAGIC);
    }

    private int valuesOffset() {
        return CountersDescriptor.HEADER_LENGTH + layout.count() * CountersDescriptor.RECORD_LENGTH;
    }

    /** The region of one worker; hand it to that worker only (single writer). */
    public WorkerCounters worker(int worker) {
        if (worker < 0 || worker >= workers) {
            throw new IllegalArgumentException("worker " + worker + " outside 0.." + (workers - 1));
        }
        int stride = CountersDescriptor.workerStride(layout.count());
        return new WorkerCounters(file.asSlice(valuesOffset() + (long) worker * stride, stride), layout.count());
    }

    public CounterLayout layout() {
        return layout;
    }

    public int workers() {
        return workers;
    }

    public Path path() {
        return path;
    }

    /** Unmaps the file, which stays for readers; the workers must have stopped. */
    @Override
    public void close() {
        arena.close();
    }
}
