package io.trunkline.bindings.verbs;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every binding class resolves all its C functions, the shim's and libibverbs' own, when it is
 * initialised: a misspelt symbol or a shim function missing from the build fails here rather than on
 * the first host that has an RDMA device.
 */
class VerbsSymbolsTest {

    @Test
    void everyDowncallResolves() {
        for (Class<?> binding : List.of(DeviceList.class, DeviceContext.class, ProtectionDomain.class, MemoryRegion.class,
                CompletionQueue.class, QueuePair.class, WorkCompletions.class)) {
            assertDoesNotThrow(() -> Class.forName(binding.getName(), true, binding.getClassLoader()), binding.getSimpleName());
        }
        assertDoesNotThrow(() -> WorkCompletions.statusString(0));
    }
}
