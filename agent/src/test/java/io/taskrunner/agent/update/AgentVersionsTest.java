package io.taskrunner.agent.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Staging, switching and rolling back agent versions in the data folder. */
class AgentVersionsTest {
    @TempDir
    Path dir;

    @Test
    void stage_unpacksTheVersion_pointsCurrentAtIt_andRecordsAPendingUpdate() throws Exception {
        AgentVersions versions = new AgentVersions(dir);

        String staged = versions.stage(updatePackage("0.2.0"), "0.1.0");

        assertThat(staged).isEqualTo("0.2.0");
        assertThat(dir.resolve("versions/0.2.0/taskrunner-agent.jar")).isRegularFile();
        assertThat(dir.resolve("versions/0.2.0/lib/helper.jar")).isRegularFile();
        assertThat(versions.current()).contains("0.2.0");
        assertThat(versions.lastUpdate()).contains(UpdateState.pending("", "0.2.0"));
        assertThat(versions.selectForStart(dir.resolve("installed.jar")))
                .isEqualTo(dir.resolve("versions/0.2.0/taskrunner-agent.jar"));
    }

    @Test
    void aPendingVersionThatNeverConfirms_isRolledBackOnTheThirdStart() throws Exception {
        AgentVersions versions = new AgentVersions(dir);
        versions.stage(updatePackage("0.2.0"), "0.1.0");
        Path installed = dir.resolve("installed.jar");

        assertThat(versions.selectForStart(installed)).as("start 1").endsWith(Path.of("0.2.0", "taskrunner-agent.jar"));
        assertThat(versions.selectForStart(installed)).as("start 2").endsWith(Path.of("0.2.0", "taskrunner-agent.jar"));
        assertThat(versions.selectForStart(installed)).as("start 3").isEqualTo(installed);

        assertThat(versions.current()).isEmpty();
        UpdateState update = versions.lastUpdate().orElseThrow();
        assertThat(update.status()).isEqualTo(UpdateState.Status.ROLLED_BACK);
        assertThat(update.reason()).isEqualTo("version 0.2.0 did not come online in 2 starts");
    }

    @Test
    void aConfirmedVersion_staysThroughAnyNumberOfStarts() throws Exception {
        AgentVersions versions = new AgentVersions(dir);
        versions.stage(updatePackage("0.2.0"), "0.1.0");
        versions.selectForStart(dir.resolve("installed.jar"));

        assertThat(versions.confirm("0.2.0")).isTrue();

        for (int start = 0; start < 5; start++) {
            assertThat(versions.selectForStart(dir.resolve("installed.jar")))
                    .endsWith(Path.of("0.2.0", "taskrunner-agent.jar"));
        }
        assertThat(versions.lastUpdate().orElseThrow().status()).isEqualTo(UpdateState.Status.CONFIRMED);
    }

    @Test
    void aSecondUpdate_goesBackToTheFirstStagedVersion_notToTheInstalledOne() throws Exception {
        AgentVersions versions = new AgentVersions(dir);
        versions.stage(updatePackage("0.2.0"), "0.1.0");
        versions.confirm("0.2.0");
        versions.stage(updatePackage("0.3.0"), "0.2.0");

        assertThat(versions.rollBack("0.3.0", "crashed")).isTrue();

        assertThat(versions.current()).contains("0.2.0");
        assertThat(versions.lastUpdate().orElseThrow().reason()).isEqualTo("crashed");
    }

    @Test
    void aNewVersionNotConnectedInTime_rollsBack_andRestarts_whileAConnectedOneConfirms() throws Exception {
        AgentVersions versions = new AgentVersions(dir);
        versions.stage(updatePackage("0.2.0"), "0.1.0");
        AtomicInteger restarts = new AtomicInteger();
        UpdateWatch watch = new UpdateWatch(versions, "0.2.0", Duration.ofSeconds(90), restarts::incrementAndGet);

        watch.deadlinePassed(false);

        assertThat(restarts).hasValue(1);
        assertThat(versions.current()).isEmpty();
        assertThat(watch.rolledBackUpdate()).contains("the update from the installed version to 0.2.0 was rolled "
                + "back: version 0.2.0 did not connect to its broker within 90 s");

        versions.stage(updatePackage("0.2.1"), "0.1.0");
        new UpdateWatch(versions, "0.2.1", Duration.ofSeconds(90), restarts::incrementAndGet).deadlinePassed(true);
        assertThat(restarts).hasValue(1);
        assertThat(versions.lastUpdate().orElseThrow().status()).isEqualTo(UpdateState.Status.CONFIRMED);
    }

    @Test
    void aPackageWithAPathOutsideItsFolder_isRefused_andNothingIsSwitched() throws Exception {
        Path evil = dir.resolve("evil.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(evil))) {
            zip.putNextEntry(new ZipEntry("taskrunner-agent.jar"));
            writeJar(zip, "0.2.0");
            zip.putNextEntry(new ZipEntry("../../outside.sh"));
            zip.write("rm -rf /".getBytes());
        }
        AgentVersions versions = new AgentVersions(dir);

        assertThatThrownBy(() -> versions.stage(evil, "0.1.0")).isInstanceOf(UpdateException.class)
                .hasMessageContaining("'../../outside.sh'");
        assertThat(versions.current()).isEmpty();
        assertThat(dir.resolve("outside.sh")).doesNotExist();
        assertThat(versions.lastUpdate()).isEmpty();
    }

    @Test
    void thePackageOfTheRunningVersion_isRefused() throws Exception {
        assertThatThrownBy(() -> new AgentVersions(dir).stage(updatePackage("0.1.0"), "0.1.0"))
                .isInstanceOf(UpdateException.class).hasMessage("the package holds version 0.1.0, which is running "
                        + "already");
    }

    /** A zip as the build makes it: the agent jar with its version in the manifest, and a library. */
    Path updatePackage(String version) throws IOException {
        Path file = dir.resolve("agent-" + version + ".zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("taskrunner-agent.jar"));
            writeJar(zip, version);
            zip.putNextEntry(new ZipEntry("lib/"));
            zip.putNextEntry(new ZipEntry("lib/helper.jar"));
            writeJar(zip, "1.0");
        }
        return file;
    }

    private static void writeJar(OutputStream out, String version) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
        JarOutputStream jar = new JarOutputStream(out, manifest);
        jar.finish();
    }
}
