package io.filebridge;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Keeps the layout of docs/architecture.md: packages follow a file's journey (intake, upload or translation, callback,
 * delivery) over the pieces they share (ledger, connectors, files, secrets), and nothing lower knows what is above it.
 *
 * <p>Why: package cycles and connectors that call back into the stages are what made a file's trip cross twenty
 * package boundaries; this test fails the build when one comes back.
 */
@AnalyzeClasses(packages = "io.filebridge", importOptions = ImportOption.DoNotIncludeTests.class)
class LayoutTest {

    private static final String[] STAGES = { "io.filebridge.intake..", "io.filebridge.upload..",
            "io.filebridge.translation..", "io.filebridge.callback..", "io.filebridge.delivery..",
            "io.filebridge.pipeline..", "io.filebridge.batch..", "io.filebridge.ops..", "io.filebridge.sandbox.." };

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("io.filebridge.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule connectorsKnowNoStage = noClasses().that().resideInAPackage("io.filebridge.connector..")
            .should().dependOnClassesThat().resideInAnyPackage(STAGES);

    @ArchTest
    static final ArchRule ledgerKnowsNoStageNorConnector = noClasses().that().resideInAPackage("io.filebridge.ledger..")
            .should().dependOnClassesThat().resideInAnyPackage(STAGES)
            .orShould().dependOnClassesThat().resideInAPackage("io.filebridge.connector..");

    @ArchTest
    static final ArchRule onlyTheSandboxKnowsTheSandbox = noClasses().that()
            .resideOutsideOfPackage("io.filebridge.sandbox..")
            .should().dependOnClassesThat().resideInAPackage("io.filebridge.sandbox..");

    /** GitHub's linguist and many tools treat {@code vendor/} and {@code vendors/} paths as third-party code. */
    @ArchTest
    static final ArchRule noPackageThatToolsHide = noClasses().should()
            .resideInAnyPackage("..vendor..", "..vendors..");
}
