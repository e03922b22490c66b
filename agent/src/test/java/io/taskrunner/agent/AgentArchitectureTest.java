package io.taskrunner.agent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;

@AnalyzeClasses(packages = "io.taskrunner.agent", importOptions = ImportOption.DoNotIncludeTests.class)
class AgentArchitectureTest {

    @ArchTest
    static final ArchRule packages_areFreeOfCycles =
            slices().matching("io.taskrunner.agent.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule agent_importsNoJavaFx =
            noClasses().should().dependOnClassesThat().resideInAPackage("javafx..");

    @ArchTest
    static final ArchRule featurePackages_doNotReachBackIntoTheEntryPoint =
            noClasses().that().resideInAPackage("io.taskrunner.agent.*..")
                    .should().dependOnClassesThat().resideInAPackage("io.taskrunner.agent");

    @ArchTest
    static final ArchRule onlyTheCommandLineWritesToStandardStreams =
            noClasses().that().resideOutsideOfPackage("io.taskrunner.agent")
                    .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS);
}
