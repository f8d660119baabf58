package io.trunkline.fastpath;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The fast path's layering, as docs/fastpath.md draws it: its packages form no cycle (host traffic does not know BFD,
 * verdicts and drop reasons sit below every stage in {@code fate}), and it knows nothing of the control plane or
 * the harness that drive it.
 */
@AnalyzeClasses(packages = "io.trunkline.fastpath", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    /** Every package a slice of its own ({@code (**)} captures the whole package name). */
    @ArchTest
    static final ArchRule NO_PACKAGE_CYCLES = slices().matching("io.trunkline.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule NOTHING_OF_THE_CONTROL_PLANE_OR_THE_HARNESS = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("io.trunkline.controlplane..", "io.trunkline.harness..", "io.trunkline.bench..");
}
