package io.trunkline.bindings.verbs;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import io.trunkline.bindings.NativeLibraries;
import io.trunkline.bindings.SetupException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * libibverbs and the verbs shim, loaded once. Every binding class takes its handles from here; a
 * missing rdma-core installation surfaces as a SetupException on first use.
 *
 * <p>Control-path calls capture errno: libibverbs reports failure as NULL or -1 with errno set, and
 * the JVM may overwrite errno before Java could read it with a second downcall.
 */
final class Verbs {
    private Verbs() {
    }

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(PathElement.groupElement("errno"));
    private static final MethodHandle STRERROR = LINKER.downcallHandle(
            LINKER.defaultLookup().find("strerror").orElseThrow(), FunctionDescriptor.of(ADDRESS, JAVA_INT));

    private static final class Holder {
        static final SymbolLookup LOOKUP = NativeLibraries.load("libtrunkline_verbs.so", "libibverbs",
                "libibverbs1 rdma-core ibverbs-providers");
    }

    /**
     * A control-path call whose handle takes a call-state segment (from {@link #callState}) as its
     * first argument; {@link #errno} reads what the call left there.
     */
    static MethodHandle callSettingErrno(String name, FunctionDescriptor descriptor) {
        return NativeLibraries.downcall(Holder.LOOKUP, name, descriptor, Linker.Option.captureCallState("errno"));
    }

    /** An ordinary control-path call that reports nothing through errno. */
    static MethodHandle call(String name, FunctionDescriptor descriptor) {
        return NativeLibraries.downcall(Holder.LOOKUP, name, descriptor);
    }

    /** A data-path call: no thread-state transition, so it must neither block nor call back. */
    static MethodHandle criticalCall(String name, FunctionDescriptor descriptor) {
        return NativeLibraries.downcall(Holder.LOOKUP, name, descriptor, Linker.Option.critical(true));
    }

    static MemorySegment callState(Arena arena) {
        return arena.allocate(CALL_STATE);
    }

    static int errno(MemorySegment callState) {
        return (int) ERRNO.get(callState, 0L);
    }

    /** strerror(3): the C library's text for an errno value. */
    static String strerror(int errno) {
        try {
            return ((MemorySegment) STRERROR.invokeExact(errno)).reinterpret(256).getString(0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Reads a NUL-terminated C string of at most {@code max} bytes that a call returned. */
    static String string(MemorySegment pointer, long max) {
        return pointer.equals(MemorySegment.NULL) ? "" : pointer.reinterpret(max).getString(0);
    }

    /** Calls a destructor ({@code int ibv_destroy_x(struct ibv_x *)}) taken from {@link #callSettingErrno}. */
    static void destroy(MethodHandle destructor, MemorySegment object, String call) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = callState(arena);
            VerbsException.check((int) destructor.invokeExact(state, object), state, call);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static RuntimeException rethrow(Throwable t) {
        return NativeLibraries.rethrow(t);
    }
}
