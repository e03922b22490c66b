package io.taskrunner.agent.api.core;

import io.taskrunner.agent.engine.RunLogReader;
import io.taskrunner.agent.engine.RunLogs;
import io.taskrunner.protocol.message.MessageBody;
import io.taskrunner.protocol.message.RunFinished;
import io.taskrunner.protocol.message.RunRetrying;
import io.taskrunner.protocol.message.RunStarted;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One run's output from its start and then live, with its lifecycle, for one reader: first {@link #backlog} (what
 * was written before, from the log files), then {@link #next} until {@link Item.Finished}. Live items wait in a
 * queue; a reader that falls more than {@link #MAX_QUEUED_CHARS} behind gets {@link Item.Overflow} and no more.
 */
public final class RunFeed implements AutoCloseable {
    static final long MAX_QUEUED_CHARS = 8L * 1024 * 1024;

    /** What happens to the run, in order. */
    public sealed interface Item {
        /** @param stream {@code stdout} or {@code stderr} */
        record Output(String stream, String text) implements Item {
        }

        record Started(int attempt) implements Item {
        }

        record Retrying(int attempt, String state, String error) implements Item {
        }

        record Finished(RunView run) implements Item {
        }

        /** The reader fell too far behind; the feed stopped. */
        record Overflow() implements Item {
        }
    }

    private final UUID runId;
    private final RunLogs logs;
    private final Function<RunFinished, RunView> finishedView;
    private final LinkedBlockingQueue<Item> live = new LinkedBlockingQueue<>();
    private final AtomicLong queuedChars = new AtomicLong();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final RunLogs.OutputFollower follower = this::liveOutput;
    private RunLogs.Backlog backlog;
    private Runnable unwatch = () -> { };

    RunFeed(UUID runId, RunLogs logs, Function<RunFinished, RunView> finishedView) {
        this.runId = runId;
        this.logs = logs;
        this.finishedView = finishedView;
    }

    public UUID runId() {
        return runId;
    }

    /**
     * Starts listening: lifecycle first, then the output, then a look whether the run ended already (before the
     * watch began, its end came as no event), so nothing falls between them.
     */
    void open(RunEventHub hub, String task, LocalDate since, Supplier<Optional<RunView>> current) {
        unwatch = hub.watch(runId, this::lifecycle);
        backlog = logs.follow(task, runId, since, follower);
        current.get().filter(RunView::finished).ifPresent(this::end);
    }

    /** The output written before the feed opened, line by line, from the task's log files. */
    public void backlog(RunLogReader.LineSink sink) throws IOException {
        RunLogReader.read(backlog, runId, (stream, text) -> sink.line(streamName(stream), text));
    }

    /** The next live item, or {@code null} when none came within {@code timeout}. */
    public Item next(Duration timeout) throws InterruptedException {
        Item item = live.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (item instanceof Item.Output output) {
            queuedChars.addAndGet(-output.text().length());
        }
        return item;
    }

    private void liveOutput(String stream, String text) {
        if (queuedChars.addAndGet(text.length()) > MAX_QUEUED_CHARS) {
            logs.unfollow(runId, follower);
            if (ended.compareAndSet(false, true)) {
                live.add(new Item.Overflow());
            }
            return;
        }
        live.add(new Item.Output(streamName(stream), text));
    }

    private void lifecycle(MessageBody body) {
        switch (body) {
            case RunStarted started -> live.add(new Item.Started(started.attempt()));
            case RunRetrying retrying -> live.add(new Item.Retrying(retrying.attempt(), retrying.state().wire(),
                    retrying.error()));
            case RunFinished finished -> end(finishedView.apply(finished));
            default -> { }
        }
    }

    private void end(RunView view) {
        if (ended.compareAndSet(false, true)) {
            live.add(new Item.Finished(view));
        }
    }

    private static String streamName(String logStream) {
        return logStream.equals("err") ? "stderr" : "stdout";
    }

    @Override
    public void close() {
        unwatch.run();
        logs.unfollow(runId, follower);
    }
}
