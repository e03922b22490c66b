package io.taskrunner.agent.task.power;

import io.taskrunner.agent.task.HostOs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The argv per OS. Nothing is executed: the runner only records. */
class SystemPowerControlTest {
    private final List<List<String>> ran = new CopyOnWriteArrayList<>();

    @Test
    void linux_restartAfterADelay_roundsUpToWholeMinutes_andPassesTheMessageAsOneArgument() {
        assertThat(control(HostOs.LINUX).restartCommand(Duration.ofSeconds(61), "Save your work; -h now"))
                .containsExactly("shutdown", "-r", "+2", "--", "Save your work; -h now");
        assertThat(control(HostOs.LINUX).restartCommand(Duration.ofSeconds(60), null))
                .containsExactly("shutdown", "-r", "+1");
        assertThat(control(HostOs.LINUX).restartCommand(Duration.ofSeconds(1), " "))
                .containsExactly("shutdown", "-r", "+1");
    }

    @Test
    void linux_restartWithoutDelay_isNow() {
        assertThat(control(HostOs.LINUX).restartCommand(Duration.ZERO, null)).containsExactly("shutdown", "-r", "now");
    }

    @Test
    void linux_shutdown_halts() {
        assertThat(control(HostOs.LINUX).shutdownCommand(Duration.ofMinutes(10), "-c"))
                .containsExactly("shutdown", "-h", "+10", "--", "-c");
        assertThat(control(HostOs.LINUX).shutdownCommand(Duration.ZERO, null)).containsExactly("shutdown", "-h", "now");
    }

    @Test
    void linux_cancelAndLogoff() {
        assertThat(control(HostOs.LINUX).cancelCommand()).containsExactly("shutdown", "-c");
        assertThat(control(HostOs.LINUX).logoffCommand()).containsExactly("loginctl", "terminate-user", "operator");
    }

    @Test
    void linux_logoffAsRoot_isRefusedRatherThanEndingRootsSessions() {
        SystemPowerControl asRoot = new SystemPowerControl(HostOs.LINUX, "root", ran::add);

        assertThatThrownBy(asRoot::logoff).isInstanceOf(PowerUnsupportedException.class)
                .hasMessageContaining("root");
        assertThat(ran).isEmpty();
    }

    @Test
    void windows_usesSecondsAndPassesTheMessageAfterC() {
        assertThat(control(HostOs.WINDOWS).restartCommand(Duration.ofSeconds(90), "Updates \"now\""))
                .containsExactly("shutdown", "/r", "/t", "90", "/c", "Updates 'now'");
        assertThat(control(HostOs.WINDOWS).shutdownCommand(Duration.ZERO, null))
                .containsExactly("shutdown", "/s", "/t", "0");
        assertThat(control(HostOs.WINDOWS).logoffCommand()).containsExactly("shutdown", "/l");
        assertThat(control(HostOs.WINDOWS).cancelCommand()).containsExactly("shutdown", "/a");
    }

    @Test
    void mac_usesShutdownLikeBsd_andLogsOutThroughTheLoginWindow() {
        assertThat(control(HostOs.MAC).restartCommand(Duration.ofSeconds(120), "bye"))
                .containsExactly("shutdown", "-r", "+2", "--", "bye");
        assertThat(control(HostOs.MAC).shutdownCommand(Duration.ZERO, null)).containsExactly("shutdown", "-h", "now");
        assertThat(control(HostOs.MAC).logoffCommand()).first().isEqualTo("osascript");
        assertThat(control(HostOs.MAC).cancelCommand()).containsExactly("killall", "shutdown");
    }

    @Test
    void otherOperatingSystems_areUnsupported() {
        SystemPowerControl other = control(HostOs.OTHER);

        assertThatThrownBy(() -> other.restart(Duration.ZERO, null)).isInstanceOf(PowerUnsupportedException.class);
        assertThatThrownBy(other::logoff).isInstanceOf(PowerUnsupportedException.class);
        assertThatThrownBy(other::cancelPending).isInstanceOf(PowerUnsupportedException.class);
        assertThat(ran).isEmpty();
    }

    @Test
    void actions_handTheirCommandToTheRunner() {
        SystemPowerControl linux = control(HostOs.LINUX);

        linux.restart(Duration.ofMinutes(5), "m");
        linux.shutdown(Duration.ZERO, null);
        linux.logoff();
        linux.cancelPending();

        assertThat(ran).containsExactly(
                List.of("shutdown", "-r", "+5", "--", "m"),
                List.of("shutdown", "-h", "now"),
                List.of("loginctl", "terminate-user", "operator"),
                List.of("shutdown", "-c"));
    }

    private SystemPowerControl control(HostOs os) {
        return new SystemPowerControl(os, "operator", ran::add);
    }
}
