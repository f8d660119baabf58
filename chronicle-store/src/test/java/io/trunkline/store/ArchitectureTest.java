package io.trunkline.store;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The session store sits under the fast path: no package cycles, and nothing of the fast path or what drives it. */
@AnalyzeClasses(packages = "io.trunkline.store", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    /** Every package a slice of its own ({@code (**)} captures the whole package name). */
    @ArchTest
    static final ArchRule NO_PACKAGE_CYCLES = slices().matching("io.trunkline.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule NOTHING_OF_THE_FAST_PATH_OR_ABOVE = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("io.trunkline.fastpath..", "io.trunkline.controlplane..", "io.trunkline.harness..", "io.trunkline.bench..");
}
