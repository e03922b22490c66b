package io.taskrunner.console.viewmodel;

import static io.taskrunner.console.viewmodel.InMemoryJobService.execution;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.console.service.desired.Target;
import io.taskrunner.console.service.jobs.ExecutionState;
import io.taskrunner.console.service.jobs.JobSnapshot;
import io.taskrunner.console.service.jobs.JobSpec;
import io.taskrunner.console.service.jobs.JobState;
import io.taskrunner.i18n.Language;
import io.taskrunner.i18n.LanguageSettings;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The jobs list and the selected job's details, over an in-memory job service and a hand-driven pacer. */
class JobsViewModelTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T09:00:00Z"), ZoneOffset.UTC);

    private final LanguageSettings language = new LanguageSettings(Language.EN);
    private final InMemoryJobService jobs = new InMemoryJobService();
    private final ManualDelayer delayer = new ManualDelayer();
    private LocalizedTexts texts;
    private JobsViewModel viewModel;

    @BeforeEach
    void setUp() {
        texts = new LocalizedTexts(language, Runnable::run);
    }

    private void open() {
        viewModel = new JobsViewModel(jobs, new InMemoryFleetService(), new InMemoryDesiredStateService(),
                agent -> "host-" + agent, texts, Runnable::run, Runnable::run, delayer, CLOCK);
    }

    @AfterEach
    void tearDown() {
        if (viewModel != null) {
            viewModel.close();
        }
        texts.close();
    }

    @Test
    void existingJobs_areListedNewestFirst_withTheirCounts() {
        JobSnapshot older = jobs.create(spec("backup", "a1", "a2"));
        JobSnapshot newer = jobs.create(spec("update", "a1"));
        jobs.execution(execution(older.jobId(), "a1", ExecutionState.SUCCEEDED, null, null));

        open();

        assertThat(viewModel.rows()).extracting(row -> row.taskText().get()).containsExactly("update", "backup");
        JobRowViewModel row = viewModel.row(older.jobId());
        assertThat(row.stateText().get()).isEqualTo("In progress");
        assertThat(row.targetsText().get()).isEqualTo("a1, a2");
        assertThat(row.progressText().get()).isEqualTo("1/2");
        assertThat(row.progress().get()).isEqualTo(0.5);
        assertThat(row.countsText().get()).isEqualTo("Succeeded 1  ·  Queued 1");
        assertThat(viewModel.row(newer.jobId()).countsText().get()).isEqualTo("Queued 1");
        assertThat(viewModel.loadingProperty().get()).isFalse();
    }

    @Test
    void manyChanges_reachTheUiAsOneBatch_atMostOncePerInterval() {
        open();
        JobSnapshot job = jobs.create(spec("update", "a0"));
        for (int i = 0; i < 1000; i++) {
            jobs.execution(execution(job.jobId(), "a" + i, ExecutionState.QUEUED, null, null));
            jobs.execution(execution(job.jobId(), "a" + i, ExecutionState.IN_PROGRESS, 50, null));
        }
        assertThat(viewModel.rows()).as("nothing before the pacer fires").isEmpty();
        assertThat(delayer.pending()).isEqualTo(1);
        assertThat(delayer.delays).containsOnly(JobUpdates.INTERVAL);

        int readsBefore = jobs.statisticsReads.get();
        delayer.runDue();

        JobRowViewModel row = viewModel.row(job.jobId());
        assertThat(row.countsText().get()).isEqualTo("Running 1000");
        assertThat(jobs.statisticsReads.get() - readsBefore).as("one statistics read for the batch").isEqualTo(1);
        assertThat(delayer.pending()).isZero();

        jobs.execution(execution(job.jobId(), "a1", ExecutionState.SUCCEEDED, 100, null));
        assertThat(delayer.pending()).isEqualTo(1);
        delayer.runDue();
        assertThat(row.progressText().get()).isEqualTo("1/1000");
    }

    @Test
    void selectingAJob_readsItsExecutions_andFollowsTheirChanges() {
        JobSnapshot job = jobs.create(spec("update", "a1", "a2"));
        open();
        JobDetailsViewModel details = viewModel.details();

        details.jobProperty().set(viewModel.row(job.jobId()));
        assertThat(details.executions()).extracting(JobExecutionRowViewModel::agentId).containsExactly("a1", "a2");
        assertThat(details.executions().getFirst().agentText().get()).isEqualTo("host-a1");
        assertThat(details.executions().getFirst().progressText().get()).isEqualTo("—");

        jobs.execution(execution(job.jobId(), "a1", ExecutionState.IN_PROGRESS, 40, "copying files"));
        jobs.execution(execution(job.jobId(), "a3", ExecutionState.QUEUED, null, null));
        delayer.runDue();

        JobExecutionRowViewModel first = details.executions().getFirst();
        assertThat(first.stateText().get()).isEqualTo("Running");
        assertThat(first.progress().get()).isEqualTo(0.4);
        assertThat(first.progressText().get()).isEqualTo("40 %");
        assertThat(first.detailsText().get()).isEqualTo("copying files");
        assertThat(first.tone().get()).isEqualTo(Tone.ACCENT);
        assertThat(details.executions()).extracting(JobExecutionRowViewModel::agentId)
                .containsExactly("a1", "a2", "a3");
        assertThat(details.countsText().get()).isEqualTo("Running 1  ·  Queued 2");
    }

    @Test
    void changesOfOtherJobs_doNotTouchTheSelectedJobsTable() {
        JobSnapshot shown = jobs.create(spec("update", "a1"));
        JobSnapshot other = jobs.create(spec("backup", "b1"));
        open();
        viewModel.details().jobProperty().set(viewModel.row(shown.jobId()));

        jobs.execution(execution(other.jobId(), "b1", ExecutionState.FAILED, null, "exit code 1"));
        delayer.runDue();

        assertThat(viewModel.details().executions()).extracting(JobExecutionRowViewModel::agentId)
                .containsExactly("a1");
        assertThat(viewModel.row(other.jobId()).countsText().get()).isEqualTo("Failed 1");
    }

    @Test
    void cancel_isOfferedWhileTheJobRuns_andTheStateFollows() {
        JobSnapshot job = jobs.create(spec("update", "a1"));
        open();
        JobDetailsViewModel details = viewModel.details();
        assertThat(details.canCancel().get()).as("nothing selected").isFalse();
        details.jobProperty().set(viewModel.row(job.jobId()));
        assertThat(details.canCancel().get()).isTrue();
        assertThat(details.canForceCancel().get()).isTrue();
        assertThat(details.canRerun().get()).as("a running job is not re-run").isFalse();

        details.cancel();

        assertThat(jobs.calls).contains("cancel " + job.jobId());
        assertThat(viewModel.row(job.jobId()).state()).isEqualTo(JobState.CANCELLED);
        assertThat(details.canCancel().get()).isFalse();
        assertThat(details.canForceCancel().get()).as("no execution runs any more").isFalse();
        assertThat(details.reasonText().get()).isEqualTo("Reason: cancelled by the operator");
    }

    @Test
    void forceCancel_staysOfferedForACancelledJobWhileExecutionsRun() {
        JobSnapshot job = jobs.create(spec("update", "a1"));
        jobs.execution(execution(job.jobId(), "a1", ExecutionState.IN_PROGRESS, null, null));
        jobs.cancel(job.jobId());
        open();
        JobDetailsViewModel details = viewModel.details();
        details.jobProperty().set(viewModel.row(job.jobId()));

        assertThat(details.canCancel().get()).isFalse();
        assertThat(details.canForceCancel().get()).isTrue();
        assertThat(details.forceCancelQuestion().get())
                .isEqualTo("Force-cancel job update and stop its 1 running executions?");
        details.forceCancel();
        assertThat(jobs.calls).contains("forceCancel " + job.jobId());
    }

    @Test
    void rerun_isOfferedOnlyForAnEndedJobWithFailures_andSelectsTheNewJob() {
        JobSnapshot job = jobs.create(spec("update", "a1", "a2"));
        jobs.execution(execution(job.jobId(), "a1", ExecutionState.SUCCEEDED, 100, null));
        jobs.execution(execution(job.jobId(), "a2", ExecutionState.SUCCEEDED, 100, null));
        jobs.job(new JobSnapshot(job.jobId(), job.spec(), JobState.COMPLETED, job.createdAt(), job.startedAt(),
                job.createdAt().plusSeconds(60), true, null, null));
        open();
        JobDetailsViewModel details = viewModel.details();
        details.jobProperty().set(viewModel.row(job.jobId()));
        assertThat(details.canRerun().get()).as("everything succeeded").isFalse();
        assertThat(details.successRateText().get()).isEqualTo("Success rate 100.0 %");
        assertThat(details.durationsText().get()).isEqualTo("Duration p50 7.0 s · p90 7.0 s · p99 7.0 s");

        jobs.execution(execution(job.jobId(), "a2", ExecutionState.FAILED, null, "exit code 2"));
        delayer.runDue();
        assertThat(details.canRerun().get()).isTrue();

        details.rerun();

        assertThat(jobs.calls).contains("rerun " + job.jobId());
        JobRowViewModel rerun = viewModel.toSelectProperty().get();
        assertThat(rerun.jobId()).isNotEqualTo(job.jobId());
        assertThat(viewModel.rows().getFirst()).isSameAs(rerun);
    }

    @Test
    void aFailedAction_showsItsReasonInline_andCanBeTriedAgain() {
        JobSnapshot job = jobs.create(spec("update", "a1"));
        open();
        JobDetailsViewModel details = viewModel.details();
        details.jobProperty().set(viewModel.row(job.jobId()));
        jobs.failure = new IllegalStateException("database is locked");

        details.cancel();

        assertThat(details.actionErrorText().get()).isEqualTo("Could not cancel the job: database is locked");
        assertThat(details.busyProperty().get()).isFalse();
        assertThat(details.canCancel().get()).isTrue();
        details.cancel();
        assertThat(details.actionErrorText().get()).isEmpty();
    }

    @Test
    void close_unsubscribesFromTheService() {
        open();
        assertThat(jobs.listenerCount()).isEqualTo(2);
        viewModel.close();
        viewModel = null;
        assertThat(jobs.listenerCount()).isZero();
    }

    private static JobSpec spec(String task, String... agents) {
        return JobSpec.of(task, null, Map.of(), List.of(agents).stream().map(Target::agent).toList());
    }

}
