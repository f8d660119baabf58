package io.trunkline.bindings.os;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.trunkline.bindings.NativeLibraries;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.BitSet;

/**
 * The calling thread's CPU affinity through libc's {@code sched_setaffinity(0, ...)} and {@code sched_getaffinity(0, ...)}:
 * a poll-mode worker owns its core the way an EAL lcore thread does, and a thread that the EAL pinned gets back the set
 * it had (see {@link #ofCurrentThread}).
 */
public final class CpuAffinity {
    private static final int CPU_SET_BYTES = 128;
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    private static final VarHandle ERRNO = Linker.Option.captureStateLayout()
            .varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle SCHED_SETAFFINITY = affinityCall("sched_setaffinity");
    private static final MethodHandle SCHED_GETAFFINITY = affinityCall("sched_getaffinity");

    private CpuAffinity() {
    }

    private static MethodHandle affinityCall(String name) {
        return Linker.nativeLinker().downcallHandle(Linker.nativeLinker().defaultLookup().find(name).orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), CAPTURE_ERRNO);
    }

    /**
     * Pins the calling thread to {@code cpu}.
     *
     * @throws IllegalArgumentException when the CPU does not exist or is not allowed to this process
     */
    public static void pinCurrentThread(int cpu) {
        if (cpu < 0 || cpu >= CPU_SET_BYTES * 8) {
            throw new IllegalArgumentException("cpu " + cpu + " is out of range 0.." + (CPU_SET_BYTES * 8 - 1));
        }
        BitSet one = new BitSet();
        one.set(cpu);
        setCurrentThread(one, "cannot pin a thread to cpu " + cpu);
    }

    /** The CPUs the calling thread may run on now. */
    public static BitSet ofCurrentThread() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment set = arena.allocate(CPU_SET_BYTES);
            MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
            int ret = (int) SCHED_GETAFFINITY.invokeExact(state, 0, (long) CPU_SET_BYTES, set);
            if (ret < 0) {
                throw new IllegalStateException("cannot read the thread's CPU affinity: errno " + (int) ERRNO.get(state, 0L));
            }
            return BitSet.valueOf(set.toArray(JAVA_BYTE));
        } catch (Throwable t) {
            throw NativeLibraries.rethrow(t);
        }
    }

    /** Lets the calling thread run on exactly {@code cpus} (as read by {@link #ofCurrentThread}). */
    public static void restoreCurrentThread(BitSet cpus) {
        setCurrentThread(cpus, "cannot set a thread's CPU affinity to " + cpus);
    }

    private static void setCurrentThread(BitSet cpus, String failure) {
        if (cpus.isEmpty() || cpus.length() > CPU_SET_BYTES * 8) {
            throw new IllegalArgumentException(failure + ": not a CPU set of 1.." + CPU_SET_BYTES * 8 + " CPUs");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment set = arena.allocate(CPU_SET_BYTES);
            set.copyFrom(MemorySegment.ofArray(cpus.toByteArray()));
            MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
            int ret = (int) SCHED_SETAFFINITY.invokeExact(state, 0, (long) CPU_SET_BYTES, set);
            if (ret != 0) {
                int errno = (int) ERRNO.get(state, 0L);
                throw new IllegalArgumentException(failure + ": errno " + errno
                        + " (the machine has " + Runtime.getRuntime().availableProcessors() + " CPUs)");
            }
        } catch (Throwable t) {
            throw NativeLibraries.rethrow(t);
        }
    }
}
