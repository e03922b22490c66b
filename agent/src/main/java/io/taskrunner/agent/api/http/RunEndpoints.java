package io.taskrunner.agent.api.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.taskrunner.agent.api.auth.Caller;
import io.taskrunner.agent.api.core.ApiException;
import io.taskrunner.agent.api.core.ApiRuns;
import io.taskrunner.agent.api.core.RunFeed;
import io.taskrunner.agent.api.core.RunFeeds;
import java.io.IOException;
import java.time.Duration;
import java.util.UUID;

/** {@code /api/v1/runs/{id}}: where a run stands, cancelling it, and its output (also followed live). */
final class RunEndpoints {
    /** Output is sent in pieces of about this many characters. */
    private static final int PIECE_CHARS = 16 * 1024;
    /** How often a follower checks that its caller is still there while the run is quiet. */
    private static final Duration QUIET_CHECK = Duration.ofSeconds(5);

    private final ApiRuns runs;
    private final RunFeeds feeds;

    RunEndpoints(ApiRuns runs, RunFeeds feeds) {
        this.runs = runs;
        this.feeds = feeds;
    }

    static UUID runId(String segment) {
        try {
            return UUID.fromString(segment);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("unknown-run", "Unknown run", "'" + segment + "' is not a run id (a UUID)");
        }
    }

    void get(HttpExchange exchange, Caller caller, UUID runId) {
        exchange.json(HttpResponseStatus.OK, runs.visible(caller, runId));
    }

    void cancel(HttpExchange exchange, Caller caller, UUID runId) {
        exchange.json(HttpResponseStatus.ACCEPTED, runs.cancel(caller, runId));
    }

    /**
     * The output as text; with {@code follow=true} the response stays open and carries the output as it comes,
     * ending when the run does.
     */
    void output(HttpExchange exchange, Caller caller, UUID runId) throws InterruptedException {
        boolean follow = "true".equalsIgnoreCase(exchange.queryValue("follow"));
        try (RunFeed feed = feeds.open(caller, runId)) {
            HttpExchange.Chunks out = exchange.chunked(HttpResponseStatus.OK, "text/plain; charset=utf-8");
            StringBuilder piece = new StringBuilder();
            try {
                feed.backlog((stream, text) -> {
                    piece.append(text);
                    if (piece.length() >= PIECE_CHARS) {
                        writeQuietly(out, piece);
                    }
                });
            } catch (IOException e) {
                piece.append("\n[taskrunner: the run's log cannot be read: ").append(e.getMessage()).append("]\n");
            }
            out.write(piece.toString());
            while (follow && exchange.isOpen()) {
                RunFeed.Item item = feed.next(QUIET_CHECK);
                if (item instanceof RunFeed.Item.Output output) {
                    out.write(output.text());
                } else if (item instanceof RunFeed.Item.Finished || item instanceof RunFeed.Item.Overflow) {
                    if (item instanceof RunFeed.Item.Overflow) {
                        out.write("\n[taskrunner: output stopped here: this reader fell too far behind]\n");
                    }
                    break;
                }
            }
            out.end();
        }
    }

    private static void writeQuietly(HttpExchange.Chunks out, StringBuilder piece) {
        try {
            out.write(piece.toString());
            piece.setLength(0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending output", e);
        }
    }
}
