package io.taskrunner.i18n;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The i18n module is a leaf: the agent and the console both use it, so it uses only the JDK. */
class I18nArchitectureTest {

    private final JavaClasses mainClasses = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.taskrunner.i18n");

    @Test
    void i18n_dependsOnlyOnTheJdk() {
        classes().that().resideInAPackage("io.taskrunner.i18n..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.taskrunner.i18n..", "java..")
                .check(mainClasses);
    }
}
