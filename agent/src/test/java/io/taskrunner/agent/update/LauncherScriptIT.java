package io.taskrunner.agent.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installer's launcher script with the built agent as the installed version, started as a service manager
 * would start it: a staged version is started; one that fails at start twice is left for the version before.
 */
class LauncherScriptIT {
    private static final Path BUILT = Path.of("target").toAbsolutePath();
    private static final Path SCRIPT = Path.of("..", "installer", "src", "main", "scripts",
            "taskrunner-agent-launcher.sh").toAbsolutePath().normalize();
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path dir;

    private Path install;
    private Path data;

    @BeforeEach
    void install() throws IOException {
        install = dir.resolve("opt");
        data = dir.resolve("data");
        Files.createDirectories(install);
        Files.createDirectories(data);
        Files.copy(BUILT.resolve("taskrunner-agent.jar"), install.resolve("taskrunner-agent.jar"));
        Files.createSymbolicLink(install.resolve("lib"), BUILT.resolve("lib"));
    }

    @Test
    void aStagedVersion_isStartedByTheLauncher_andStaysOnceConfirmed() throws Exception {
        AgentVersions versions = new AgentVersions(data);
        versions.stage(agentPackage("9.9.1-test", true), "0.1.0");

        assertThat(launch("version")).isEqualTo("taskrunner-agent 9.9.1-test");
        versions.confirm("9.9.1-test");
        assertThat(launch("version")).isEqualTo("taskrunner-agent 9.9.1-test");
        assertThat(launch("version")).isEqualTo("taskrunner-agent 9.9.1-test");
        assertThat(launch("version")).as("past the start limit").isEqualTo("taskrunner-agent 9.9.1-test");
    }

    @Test
    void aStagedVersionThatCrashesAtStartTwice_isRolledBack_toTheInstalledVersion() throws Exception {
        AgentVersions versions = new AgentVersions(data);
        versions.stage(agentPackage("9.9.2-test", false), "0.1.0");

        assertThat(launch("version")).as("start 1 crashes").isEmpty();
        assertThat(launch("version")).as("start 2 crashes").isEmpty();
        assertThat(launch("version")).as("start 3: the version before")
                .startsWith("taskrunner-agent ").isNotEqualTo("taskrunner-agent 9.9.2-test");

        UpdateState update = versions.lastUpdate().orElseThrow();
        assertThat(update.status()).isEqualTo(UpdateState.Status.ROLLED_BACK);
        assertThat(update.reason()).isEqualTo("version 9.9.2-test did not come online in 2 starts");
        assertThat(versions.current()).isEmpty();
    }

    /** Runs the launcher once, as the service manager would, and returns what the agent printed. */
    private String launch(String... agentArguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("sh", SCRIPT.toString(), install.toString(),
                data.toString()));
        command.addAll(List.of(agentArguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(
                dir.resolve("launcher.log").toFile()));
        builder.environment().put("JAVA", JAVA);
        Process process = builder.start();
        try {
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("launcher ended").isTrue();
            return out;
        } finally {
            process.destroyForcibly();
        }
    }

    /**
     * An update package made from the built agent with another version in its manifest; {@code runnable} false
     * drops its Main-Class, so the JVM refuses to start it, as a broken release would fail at start.
     */
    private Path agentPackage(String version, boolean runnable) throws IOException {
        Path file = dir.resolve("agent-" + version + ".zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry(AgentVersions.AGENT_JAR));
            copyWithVersion(BUILT.resolve("taskrunner-agent.jar"), zip, version, runnable);
            try (Stream<Path> libraries = Files.list(BUILT.resolve("lib"))) {
                for (Path library : libraries.filter(path -> path.getFileName().toString().matches(
                        "(picocli|taskrunner-i18n|slf4j-api|logback-.*)-.*\\.jar")).toList()) {
                    zip.putNextEntry(new ZipEntry("lib/" + library.getFileName()));
                    Files.copy(library, zip);
                }
            }
        }
        return file;
    }

    private static void copyWithVersion(Path jar, OutputStream out, String version, boolean runnable)
            throws IOException {
        try (InputStream in = Files.newInputStream(jar); JarInputStream source = new JarInputStream(in)) {
            Manifest manifest = new Manifest(source.getManifest());
            manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
            if (!runnable) {
                manifest.getMainAttributes().remove(Attributes.Name.MAIN_CLASS);
            }
            JarOutputStream target = new JarOutputStream(out, manifest);
            for (JarEntry entry = source.getNextJarEntry(); entry != null; entry = source.getNextJarEntry()) {
                target.putNextEntry(new JarEntry(entry.getName()));
                source.transferTo(target);
            }
            target.finish();
        }
    }
}
