package io.trunkline.bindings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.PaddingLayout;
import java.lang.foreign.StructLayout;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Assertions that Java MemoryLayouts and constants agree with what a C layout program printed. */
public final class LayoutConformance {
    private LayoutConformance() {
    }

    /**
     * Every member the C program printed exists in the Java layout at the same offset with the same
     * size; every named Java leaf is covered by a printed member (itself or an enclosing one); the
     * struct sizes agree.
     */
    public static void assertMatches(CLayoutProgram c, String struct, StructLayout java) {
        Long cSize = c.sizes().get(struct);
        assertNotNull(cSize, "the C program prints no sizeof for " + struct);
        assertEquals(cSize, java.byteSize(), "sizeof(struct " + struct + ")");
        Map<String, long[]> cMembers = c.members().getOrDefault(struct, Map.of());
        List<Member> javaMembers = new ArrayList<>();
        collect(java, "", 0, javaMembers);
        for (var e : cMembers.entrySet()) {
            if (e.getKey().startsWith("bit.")) {
                continue;
            }
            Member m = javaMembers.stream().filter(j -> j.path.equals(e.getKey())).findFirst().orElse(null);
            assertNotNull(m, struct + "." + e.getKey() + " is printed by C but missing from the Java layout");
            assertEquals(e.getValue()[0], m.offset, "offsetof(" + struct + ", " + e.getKey() + ")");
            assertEquals(e.getValue()[1], m.size, "sizeof(" + struct + "." + e.getKey() + ")");
        }
        for (Member m : javaMembers) {
            if (m.leaf) {
                assertTrue(covered(m.path, cMembers), struct + "." + m.path + " is in the Java layout but no C line checks it");
            }
        }
    }

    /** Every constant the C program printed equals the static field of the same name in {@code holder}. */
    public static void assertConstants(CLayoutProgram c, Class<?> holder) throws ReflectiveOperationException {
        assertTrue(!c.constants().isEmpty(), "the C program printed no constants");
        for (var e : c.constants().entrySet()) {
            Field f = holder.getField(e.getKey());
            assertEquals(e.getValue().longValue(), ((Number) f.get(null)).longValue(), holder.getSimpleName() + "." + e.getKey());
        }
    }

    private record Member(String path, long offset, long size, boolean leaf) {
    }

    private static void collect(GroupLayout group, String prefix, long base, List<Member> out) {
        long offset = base;
        for (MemoryLayout element : group.memberLayouts()) {
            long at = group instanceof StructLayout ? offset : base;
            if (!(element instanceof PaddingLayout) && element.name().isPresent()) {
                String path = prefix + element.name().get();
                boolean leaf = !(element instanceof GroupLayout);
                out.add(new Member(path, at, element.byteSize(), leaf));
                if (element instanceof GroupLayout inner) {
                    collect(inner, path + ".", at, out);
                }
            }
            offset += element.byteSize();
        }
    }

    private static boolean covered(String path, Map<String, long[]> cMembers) {
        for (String p = path; ; p = p.substring(0, p.lastIndexOf('.'))) {
            if (cMembers.containsKey(p)) {
                return true;
            }
            if (!p.contains(".")) {
                return false;
            }
        }
    }
}
