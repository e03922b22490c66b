package io.taskrunner.console;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;

/** The console's layers point one way: view -> viewmodel -> service -> persistence / transport / protocol. */
@AnalyzeClasses(packages = "io.taskrunner.console", importOptions = ImportOption.DoNotIncludeTests.class)
class ConsoleArchitectureTest {
    private static final String[] CORE = {"io.taskrunner.console.core..", "io.taskrunner.console.service..",
        "io.taskrunner.console.persistence..", "io.taskrunner.console.transport..", "io.taskrunner.console.model.."};

    @ArchTest
    static final ArchRule packages_areFreeOfCycles =
            slices().matching("io.taskrunner.console.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule core_importsNoJavaFx =
            noClasses().that().resideInAnyPackage(CORE).should().dependOnClassesThat().resideInAPackage("javafx..");

    @ArchTest
    static final ArchRule core_doesNotKnowTheUi =
            noClasses().that().resideInAnyPackage(CORE).should().dependOnClassesThat()
                    .resideInAnyPackage("io.taskrunner.console.view..", "io.taskrunner.console.viewmodel..",
                            "io.taskrunner.console.ui..");

    @ArchTest
    static final ArchRule services_doNotKnowTheFleetApi =
            noClasses().that().resideInAnyPackage("io.taskrunner.console.service..",
                    "io.taskrunner.console.persistence..", "io.taskrunner.console.transport..")
                    .should().dependOnClassesThat().resideInAPackage("io.taskrunner.console.api..");

    @ArchTest
    static final ArchRule fleetApi_doesNotKnowTheUiOrTheCore =
            noClasses().that().resideInAPackage("io.taskrunner.console.api..").should().dependOnClassesThat()
                    .resideInAnyPackage("io.taskrunner.console.view..", "io.taskrunner.console.viewmodel..",
                            "io.taskrunner.console.ui..", "io.taskrunner.console.core..", "javafx..");

    @ArchTest
    static final ArchRule viewModels_useNoControls =
            noClasses().that().resideInAPackage("io.taskrunner.console.viewmodel..")
                    .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.stage..");

    @ArchTest
    static final ArchRule viewModels_doNotKnowViews =
            noClasses().that().resideInAPackage("io.taskrunner.console.viewmodel..")
                    .should().dependOnClassesThat().resideInAPackage("io.taskrunner.console.view..");

    @ArchTest
    static final ArchRule persistence_doesNotCallServices =
            noClasses().that().resideInAPackage("io.taskrunner.console.persistence..")
                    .should().dependOnClassesThat().resideInAnyPackage("io.taskrunner.console.service..",
                            "io.taskrunner.console.transport..");

    @ArchTest
    static final ArchRule core_writesNoStandardStreams =
            noClasses().that().resideInAnyPackage(CORE).should(GeneralCodingRules.ACCESS_STANDARD_STREAMS);
}
