package io.trunkline.fastpath.counters;

import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * Layout of the counters file, shared by {@link CountersFile} (writer) and {@link CountersReader}.
 * Native byte order: writer and readers run on the same machine.
 * <pre>
 *  Header, 128 bytes
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |          Magic "TRKLCNTR", stored last with release           |  0
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                           Version                             |  8
 *  +---------------------------------------------------------------+
 *  |                         Worker Count                          | 12
 *  +---------------------------------------------------------------+
 *  |                  Counter Count (per worker)                   | 16
 *  +---------------------------------------------------------------+
 *  |                       Metadata Offset                         | 20
 *  +---------------------------------------------------------------+
 *  |                        Values Offset                          | 24
 *  +---------------------------------------------------------------+
 *  |             Worker Stride (bytes per worker region)           | 28
 *  +---------------------------------------------------------------+
 *  |                     Reserved to 128 bytes                    ...
 *  +---------------------------------------------------------------+
 *
 *  Metadata: one 128-byte record per counter id
 *  +-------------------------------+-------------------------------+
 *  |            Type Id            |         Label Length          |  0
 *  +-------------------------------+-------------------------------+
 *  |                 Label, UTF-8, up to 120 bytes                ...  8
 *  +---------------------------------------------------------------+
 *
 *  Values: one region per worker, each starting on a 128-byte boundary
 *  +---------------------------------------------------------------+
 *  | worker 0: counter 0 (8) | counter 1 (8) | ... | pad to 128 x k |
 *  +---------------------------------------------------------------+
 *  | worker 1: ...                                                  |
 *  +---------------------------------------------------------------+
 * </pre>
 * Padding guards the <i>regions</i>, not each counter: a region has a single writer, so counters inside it
 * cannot false-share, and packing them keeps a packet's counter updates in a few lines instead of one line
 * per counter. 128 bytes because the adjacent-line prefetcher pulls cache lines in pairs.
 */
final class CountersDescriptor {
    static final long MAGIC = 0x52544E434C4B5254L; // "TRKLCNTR" read as a little-endian long
    static final int VERSION = 1;

    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = 8;
    static final int WORKER_COUNT_OFFSET = 12;
    static final int COUNTER_COUNT_OFFSET = 16;
    static final int METADATA_OFFSET_OFFSET = 20;
    static final int VALUES_OFFSET_OFFSET = 24;
    static final int WORKER_STRIDE_OFFSET = 28;
    static final int HEADER_LENGTH = 128;

    static final int RECORD_LENGTH = 128;
    static final int TYPE_ID_OFFSET = 0;
    static final int LABEL_LENGTH_OFFSET = 4;
    static final int LABEL_OFFSET = 8;
    static final int MAX_LABEL_LENGTH = RECORD_LENGTH - LABEL_OFFSET;

    static final int REGION_ALIGNMENT = 128;

    /** Coordinates (MemorySegment, long offset): opaque and acquire/release access to counters and magic. */
    static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private CountersDescriptor() {
    }

    static int workerStride(int counterCount) {
        int bytes = counterCount * Long.BYTES;
        return (bytes + REGION_ALIGNMENT - 1) / REGION_ALIGNMENT * REGION_ALIGNMENT;
    }

    static long fileLength(int workers, int counterCount) {
        return HEADER_LENGTH + (long) RECORD_LENGTH * counterCount + (long) workers * workerStride(counterCount);
    }
}
