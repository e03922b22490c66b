package io.taskrunner.protocol;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;

/** The wire contract stays a leaf: no cycles, no UI, nothing else of ours, no console printing. */
@AnalyzeClasses(packages = "io.taskrunner.protocol", importOptions = ImportOption.DoNotIncludeTests.class)
class ProtocolArchitectureTest {

    @ArchTest
    static final ArchRule subpackagesAreFreeOfCycles =
            slices().matching("io.taskrunner.protocol.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule nothingImportsJavafx =
            noClasses().should().dependOnClassesThat().resideInAPackage("javafx..");

    @ArchTest
    static final ArchRule dependsOnNothingOfOursOutsideTheProtocol =
            noClasses().that().resideInAPackage("io.taskrunner.protocol..")
                    .should().dependOnClassesThat(resideInAPackage("io.taskrunner..")
                            .and(not(resideInAPackage("io.taskrunner.protocol.."))))
                    .because("shared-protocol imports nothing of ours (DESIGN.md)");

    @ArchTest
    static final ArchRule doesNotWriteToStandardStreams = GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;
}
