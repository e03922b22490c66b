package io.taskrunner.agent.api.ws;

import io.taskrunner.agent.api.core.RunFeed;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends one followed run's output and lifecycle to the client, on a virtual thread of its own, until it ends. */
final class WsFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WsFollower.class);
    private static final int PIECE_CHARS = 16 * 1024;

    private final RunFeed feed;
    private final Consumer<WsReply> out;
    private volatile boolean stopped;
    private volatile boolean done;
    private Thread thread;

    private WsFollower(RunFeed feed, Consumer<WsReply> out) {
        this.feed = feed;
        this.out = out;
    }

    static WsFollower start(RunFeed feed, Consumer<WsReply> out) {
        WsFollower follower = new WsFollower(feed, out);
        follower.thread = Thread.ofVirtual().name("ws-follow-" + feed.runId()).start(follower::pump);
        return follower;
    }

    boolean done() {
        return done;
    }

    private void pump() {
        try (feed) {
            StringBuilder piece = new StringBuilder();
            String[] pieceStream = {null};
            feed.backlog((stream, text) -> {
                if (pieceStream[0] != null && (!stream.equals(pieceStream[0]) || piece.length() >= PIECE_CHARS)) {
                    out.accept(WsReply.output(feed.runId(), pieceStream[0], piece.toString()));
                    piece.setLength(0);
                }
                pieceStream[0] = stream;
                piece.append(text);
            });
            if (!piece.isEmpty()) {
                out.accept(WsReply.output(feed.runId(), pieceStream[0], piece.toString()));
            }
            while (!stopped) {
                RunFeed.Item item = feed.next(Duration.ofSeconds(1));
                switch (item) {
                    case null -> { }
                    case RunFeed.Item.Output output -> out.accept(WsReply.output(feed.runId(), output.stream(),
                            output.text()));
                    case RunFeed.Item.Started started -> out.accept(WsReply.started(feed.runId(), started.attempt()));
                    case RunFeed.Item.Retrying retrying -> out.accept(WsReply.retrying(feed.runId(),
                            retrying.attempt(), retrying.state(), retrying.error()));
                    case RunFeed.Item.Finished finished -> {
                        out.accept(WsReply.finished(finished.run()));
                        return;
                    }
                    case RunFeed.Item.Overflow overflow -> {
                        out.accept(WsReply.output(feed.runId(), "stderr",
                                "\n[taskrunner: output stopped here: this reader fell too far behind]\n"));
                        return;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.warn("cannot read the log of run {}: {}", feed.runId(), e.toString());
        } finally {
            done = true;
        }
    }

    @Override
    public void close() {
        stopped = true;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
