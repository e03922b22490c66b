package io.taskrunner.console.viewmodel;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The UI layers point one way: ui -> view -> viewmodel -> services, and view-models never touch controls. */
@AnalyzeClasses(packages = "io.taskrunner.console", importOptions = ImportOption.DoNotIncludeTests.class)
class UiLayersArchitectureTest {

    @ArchTest
    static final ArchRule viewModels_useNoControlsAndNoViews = noClasses()
            .that().resideInAPackage("io.taskrunner.console.viewmodel..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.stage..",
                    "javafx.application..", "io.taskrunner.console.view..", "io.taskrunner.console.ui..");

    @ArchTest
    static final ArchRule views_reachServicesOnlyThroughViewModels = noClasses()
            .that().resideInAPackage("io.taskrunner.console.view..")
            .should().dependOnClassesThat().resideInAnyPackage("io.taskrunner.console.service..",
                    "io.taskrunner.console.persistence..", "io.taskrunner.console.transport..",
                    "io.taskrunner.console.core..", "io.taskrunner.protocol..", "io.taskrunner.console.ui..");

    @ArchTest
    static final ArchRule coreAndServices_doNotKnowTheUi = noClasses()
            .that().resideInAnyPackage("io.taskrunner.console.core..", "io.taskrunner.console.service..")
            .should().dependOnClassesThat().resideInAnyPackage("io.taskrunner.console.view..",
                    "io.taskrunner.console.viewmodel..", "io.taskrunner.console.ui..", "javafx..");
}
