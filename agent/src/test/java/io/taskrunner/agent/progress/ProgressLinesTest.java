package io.taskrunner.agent.progress;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.taskrunner.agent.executor.OutputStreamKind;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

class ProgressLinesTest {
    private final List<String> reports = new ArrayList<>();
    private final ProgressLines lines = new ProgressLines(UUID.randomUUID(),
            (percent, details) -> reports.add(percent + "|" + details));
    private final Logger logger = (Logger) LoggerFactory.getLogger(ProgressLines.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void captureWarnings() {
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void release() {
        logger.detachAppender(logged);
    }

    @Test
    void aProgressLine_reportsItsPercentAndText() {
        lines.onOutput(OutputStreamKind.STDOUT, "##taskrunner[progress=40] Copying files\n");

        assertThat(reports).containsExactly("40|Copying files");
    }

    @Test
    void percentOnly_textOnly_windowsLineEnds_andStderr_areReported() {
        lines.onOutput(OutputStreamKind.STDOUT, "##taskrunner[progress=7]\r\n");
        lines.onOutput(OutputStreamKind.STDERR, "##taskrunner[progress] Checking disks\r\n");
        lines.onOutput(OutputStreamKind.STDOUT, "##taskrunner[progress=100]Done\n");

        assertThat(reports).containsExactly("7|null", "null|Checking disks", "100|Done");
    }

    @Test
    void ordinaryOutput_aroundProgressLines_isIgnored() {
        lines.onOutput(OutputStreamKind.STDOUT, "hello\nsay ##taskrunner[progress=5] not at the start\n"
                + "##taskrunner[progress=20] first\nmore output\n##taskrunner[progress=30] second\n");

        assertThat(reports).containsExactly("20|first", "30|second");
        assertThat(logged.list).isEmpty();
    }

    @Test
    void aLineSplitAcrossChunks_isReassembled_evenInsideTheMarker() {
        lines.onOutput(OutputStreamKind.STDOUT, "start\n##task");
        lines.onOutput(OutputStreamKind.STDOUT, "runner[prog");
        lines.onOutput(OutputStreamKind.STDOUT, "ress=6");
        lines.onOutput(OutputStreamKind.STDOUT, "5] Copy");
        assertThat(reports).isEmpty();

        lines.onOutput(OutputStreamKind.STDOUT, "ing files\nnext");

        assertThat(reports).containsExactly("65|Copying files");
    }

    @Test
    void partialLinesOfStdoutAndStderr_doNotMix() {
        lines.onOutput(OutputStreamKind.STDOUT, "##taskrunner[progress=1");
        lines.onOutput(OutputStreamKind.STDERR, "some error\n");
        lines.onOutput(OutputStreamKind.STDOUT, "2] twelve\n");

        assertThat(reports).containsExactly("12|twelve");
    }

    @Test
    void aLastLineWithoutLineBreak_countsWhenTheOutputEnds() {
        lines.onOutput(OutputStreamKind.STDOUT, "##taskrunner[progress=100] done");
        assertThat(reports).isEmpty();

        lines.finish();

        assertThat(reports).containsExactly("100|done");
    }

    @ParameterizedTest
    @ValueSource(strings = {"##taskrunner[progress=abc] x", "##taskrunner[progress=101] x",
        "##taskrunner[progress=-1] x", "##taskrunner[progress=4.5] x", "##taskrunner[progress=] x",
        "##taskrunner[progress]", "##taskrunner[progres=10] x", "##taskrunner[progress=10 x"})
    void aMalformedProgressLine_isIgnoredWithAWarning(String line) {
        lines.onOutput(OutputStreamKind.STDOUT, line + "\n##taskrunner[progress=50] fine\n");

        assertThat(reports).containsExactly("50|fine");
        assertThat(logged.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage()).contains("ignoring");
        });
    }

    @Test
    void aVeryLongCandidateLine_isCutNotBufferedWithoutEnd() {
        lines.onOutput(OutputStreamKind.STDOUT, "##taskrunner[progress=9] " + "x".repeat(10_000));
        lines.onOutput(OutputStreamKind.STDOUT, "y".repeat(10_000) + "\n");

        assertThat(reports).singleElement().satisfies(report -> {
            assertThat(report).startsWith("9|xxx");
            assertThat(report.length()).isLessThanOrEqualTo(ProgressLines.MAX_LINE_CHARS);
        });
    }
}
