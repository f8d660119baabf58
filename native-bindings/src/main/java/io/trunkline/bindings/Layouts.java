package io.trunkline.bindings;

import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.StructLayout;

/** What every struct layout of the bindings needs. */
public final class Layouts {
    private Layouts() {
    }

    /** Byte offset of a member given by a dotted path, e.g. {@code "rxmode.offloads"}. */
    public static long offset(StructLayout layout, String path) {
        String[] names = path.split("\\.");
        PathElement[] elements = new PathElement[names.length];
        for (int i = 0; i < names.length; i++) {
            elements[i] = PathElement.groupElement(names[i]);
        }
        return layout.byteOffset(elements);
    }
}
