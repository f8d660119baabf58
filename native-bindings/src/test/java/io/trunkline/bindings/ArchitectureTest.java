package io.trunkline.bindings;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The bindings are the bottom of the tree: no package cycles, and no other module of the project. */
@AnalyzeClasses(packages = "io.trunkline.bindings", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    /** Every package a slice of its own ({@code (**)} captures the whole package name). */
    @ArchTest
    static final ArchRule NO_PACKAGE_CYCLES = slices().matching("io.trunkline.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule NO_OTHER_MODULE = noClasses().should().dependOnClassesThat(
            resideInAPackage("io.trunkline..").and(DescribedPredicate.not(resideInAPackage("io.trunkline.bindings.."))));
}
