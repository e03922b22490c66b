package io.taskrunner.agent.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskrunner.agent.MutableClock;
import io.taskrunner.protocol.message.RunProgress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Coalescing on a clock moved by hand, with the timer's tasks run by the test. */
class ProgressCoalescerTest {
    private final UUID runId = UUID.randomUUID();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-05T08:00:00Z"));
    private final List<RunProgress> sent = new ArrayList<>();
    private final List<Runnable> timer = new ArrayList<>();
    private final List<Duration> delays = new ArrayList<>();
    private final ProgressCoalescer progress = new ProgressCoalescer(runId, sent::add, clock, (task, delay) -> {
        timer.add(task);
        delays.add(delay);
    });

    @Test
    void theFirstReport_isSentAtOnce() {
        progress.report(10, "starting");

        assertThat(sent).containsExactly(new RunProgress(runId, 10, "starting"));
    }

    @Test
    void reportsWithinASecond_areCoalesced_andTheLatestIsSentWhenTheSecondIsOver() {
        progress.report(10, "a");
        clock.advance(Duration.ofMillis(300));
        progress.report(20, "b");
        progress.report(30, "c");
        assertThat(sent).hasSize(1);
        assertThat(delays).containsExactly(Duration.ofMillis(700));

        clock.advance(Duration.ofMillis(700));
        runTimer();

        assertThat(sent).containsExactly(new RunProgress(runId, 10, "a"), new RunProgress(runId, 30, "c"));
    }

    @Test
    void aTimerThatFiresEarly_waitsForTheRestOfTheSecond() {
        progress.report(10, "a");
        progress.report(20, "b");
        clock.advance(Duration.ofMillis(400));

        runTimer();

        assertThat(sent).hasSize(1);
        assertThat(delays).last().isEqualTo(Duration.ofMillis(600));
    }

    @Test
    void finish_sendsTheLastValue_atOnce_evenWithinTheSecond() {
        progress.report(10, "a");
        clock.advance(Duration.ofMillis(100));
        progress.report(100, "done");

        progress.finish();
        runTimer();

        assertThat(sent).containsExactly(new RunProgress(runId, 10, "a"), new RunProgress(runId, 100, "done"));
    }

    @Test
    void finish_sendsNothing_whenTheLastValueWasSentAlready_orNothingWasReported() {
        ProgressCoalescer silent = new ProgressCoalescer(runId, sent::add, clock, (task, delay) -> { });
        silent.finish();
        progress.report(50, "half");

        progress.finish();
        progress.report(60, "after the end");

        assertThat(sent).containsExactly(new RunProgress(runId, 50, "half"));
    }

    @Test
    void aReportLeavingOutPercentOrText_keepsThePreviousOne() {
        progress.report(10, "copying");
        clock.advance(Duration.ofSeconds(1));
        progress.report(20, null);
        clock.advance(Duration.ofSeconds(1));
        progress.report(null, "checking");

        assertThat(sent).containsExactly(new RunProgress(runId, 10, "copying"), new RunProgress(runId, 20, "copying"),
                new RunProgress(runId, 20, "checking"));
    }

    @Test
    void aRepeatedValue_isNotSentAgain() {
        progress.report(10, "same");
        clock.advance(Duration.ofSeconds(5));
        progress.report(10, "same");

        assertThat(sent).hasSize(1);
    }

    @Test
    void neverMoreThanAHundredEventsForOneAttempt_andTheLastValueIsStillTheFinalOne() {
        for (int i = 0; i <= 100; i++) {
            progress.report(i % 101, "step " + i);
            clock.advance(Duration.ofSeconds(2));
        }
        progress.report(100, "finished");
        assertThat(sent).hasSize(ProgressCoalescer.MAX_EVENTS - 1);

        progress.finish();

        assertThat(sent).hasSize(ProgressCoalescer.MAX_EVENTS);
        assertThat(sent.getLast()).isEqualTo(new RunProgress(runId, 100, "finished"));
    }

    @Test
    void details_areCutTo512Characters() {
        progress.report(null, "x".repeat(2000));

        assertThat(sent.getFirst().details()).hasSize(RunProgress.MAX_DETAILS_CHARS).endsWith("…");
    }

    @Test
    void aPercentOutside0To100_isRefused() {
        assertThatThrownBy(() -> progress.report(101, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("percent must be between 0 and 100, was 101");
    }

    private void runTimer() {
        List<Runnable> due = List.copyOf(timer);
        timer.clear();
        due.forEach(Runnable::run);
    }
}
