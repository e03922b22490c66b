package io.taskrunner.agent.task.desktop;

import io.taskrunner.agent.task.HostOs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The opener decisions and argv; nothing is launched: the launcher only records. */
class SystemBrowserTest {
    private static final URI URL = URI.create("https://hmi.local/screen?id=a%26b");

    private final List<List<String>> launched = new CopyOnWriteArrayList<>();

    @TempDir
    Path bin;

    @Test
    void command_onWindows_usesRundll32WithTheUrlAsItsOwnArgument() {
        assertThat(browser(HostOs.WINDOWS, Map.of()).command(URL))
                .containsExactly("rundll32", "url.dll,FileProtocolHandler", "https://hmi.local/screen?id=a%26b");
    }

    @Test
    void command_onMac_usesOpen() {
        assertThat(browser(HostOs.MAC, Map.of()).command(URL))
                .containsExactly("open", "https://hmi.local/screen?id=a%26b");
    }

    @Test
    void command_onLinuxWithX11AndXdgOpen_usesXdgOpen() throws IOException {
        assertThat(browser(HostOs.LINUX, Map.of("DISPLAY", ":0", "PATH", pathWithXdgOpen())).command(URL))
                .containsExactly("xdg-open", "https://hmi.local/screen?id=a%26b");
    }

    @Test
    void command_onLinuxWithWaylandOnly_usesXdgOpen() throws IOException {
        assertThat(browser(HostOs.LINUX, Map.of("WAYLAND_DISPLAY", "wayland-0", "PATH", pathWithXdgOpen()))
                .command(URL)).first().isEqualTo("xdg-open");
    }

    @Test
    void command_onLinuxWithoutDisplay_saysThereIsNoDesktopSession() throws IOException {
        SystemBrowser headless = browser(HostOs.LINUX, Map.of("DISPLAY", " ", "PATH", pathWithXdgOpen()));

        assertThatThrownBy(() -> headless.command(URL))
                .isInstanceOf(NoDesktopException.class)
                .hasMessage("no desktop session: DISPLAY and WAYLAND_DISPLAY are not set");
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "every file counts as executable there")
    void command_onLinuxWithoutXdgOpenOnThePath_saysWhatIsMissing() throws IOException {
        Files.createFile(bin.resolve("xdg-open")); // present but not executable
        SystemBrowser browser =
                browser(HostOs.LINUX, Map.of("DISPLAY", ":0", "PATH", "/nonexistent" + File.pathSeparator + bin));

        assertThatThrownBy(() -> browser.command(URL))
                .isInstanceOf(NoDesktopException.class)
                .hasMessageContaining("xdg-open is not on the PATH");
    }

    @Test
    void command_onAnotherOperatingSystem_isUnsupported() {
        assertThatThrownBy(() -> browser(HostOs.OTHER, Map.of()).command(URL))
                .isInstanceOf(NoDesktopException.class)
                .hasMessageStartingWith("opening a URL is not supported on ");
    }

    @Test
    void open_handsTheCommandToTheLauncher() {
        browser(HostOs.MAC, Map.of()).open(URL);

        assertThat(launched).containsExactly(List.of("open", "https://hmi.local/screen?id=a%26b"));
    }

    @Test
    void open_withoutADesktop_launchesNothing() {
        assertThatThrownBy(() -> browser(HostOs.LINUX, Map.of()).open(URL)).isInstanceOf(NoDesktopException.class);
        assertThat(launched).isEmpty();
    }

    @Test
    void hostOs_isRecognisedFromTheOsName() {
        assertThat(HostOs.of("Windows 11")).isEqualTo(HostOs.WINDOWS);
        assertThat(HostOs.of("Mac OS X")).isEqualTo(HostOs.MAC);
        assertThat(HostOs.of("Linux")).isEqualTo(HostOs.LINUX);
        assertThat(HostOs.of("FreeBSD")).isEqualTo(HostOs.OTHER);
    }

    private SystemBrowser browser(HostOs os, Map<String, String> environment) {
        return new SystemBrowser(os, environment, launched::add);
    }

    private String pathWithXdgOpen() throws IOException {
        Path xdgOpen = Files.createFile(bin.resolve("xdg-open"));
        assertThat(xdgOpen.toFile().setExecutable(true)).isTrue();
        return "/nonexistent" + File.pathSeparator + bin;
    }
}
