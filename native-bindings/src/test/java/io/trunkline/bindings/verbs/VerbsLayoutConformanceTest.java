package io.trunkline.bindings.verbs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trunkline.bindings.CLayoutProgram;
import io.trunkline.bindings.LayoutConformance;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Java view of libibverbs' structs and constants against the installed infiniband/verbs.h. */
class VerbsLayoutConformanceTest {
    private static CLayoutProgram c;

    @BeforeAll
    static void compileLayoutProgram() throws Exception {
        // offsetof needs only the header: no cflags, nothing linked.
        c = CLayoutProgram.run("verbs_layout.c", List.of());
    }

    @Test
    void everyStructMatchesTheHeader() {
        VerbsLayouts.ALL.forEach((name, layout) -> LayoutConformance.assertMatches(c, name, layout));
        assertEquals(c.sizes().keySet(), VerbsLayouts.ALL.keySet(), "every struct the C program prints has a Java layout");
    }

    @Test
    void constantsMatchTheHeader() throws Exception {
        LayoutConformance.assertConstants(c, VerbsConstants.class);
    }
}
