package io.trunkline.bindings.dpdk;

import io.trunkline.bindings.NativeLibraries;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * The DPDK libraries and the shim, loaded once. Every binding class takes its handles from here;
 * a missing DPDK installation surfaces as a SetupException on first use.
 */
final class Dpdk {
    private Dpdk() {
    }

    /** All of native memory: address-based flyweights read and write through it without allocating. */
    static final MemorySegment MEMORY = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    private static final class Holder {
        static final SymbolLookup LOOKUP = NativeLibraries.load("libtrunkline_dpdk.so", "DPDK", "dpdk libdpdk-dev");
    }

    /** An ordinary control-path call. */
    static MethodHandle call(String name, FunctionDescriptor descriptor) {
        return NativeLibraries.downcall(Holder.LOOKUP, name, descriptor);
    }

    /** A per-packet call: no thread-state transition, so it must neither block nor call back. */
    static MethodHandle criticalCall(String name, FunctionDescriptor descriptor) {
        return NativeLibraries.downcall(Holder.LOOKUP, name, descriptor, Linker.Option.critical(true));
    }

    static RuntimeException rethrow(Throwable t) {
        return NativeLibraries.rethrow(t);
    }
}
