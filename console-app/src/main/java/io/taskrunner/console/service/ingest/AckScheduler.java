package io.taskrunner.console.service.ingest;

import io.taskrunner.console.service.commands.CommandSender;
import io.taskrunner.protocol.message.AckCommand;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acknowledges stored events to agents, batched: at most one ack per agent every {@link #FLUSH_INTERVAL}, so a
 * burst of events costs a handful of signed acks. Resend requests (after a gap) are rate-limited per agent.
 */
public final class AckScheduler implements Acknowledgements, AutoCloseable {
    static final Duration FLUSH_INTERVAL = Duration.ofMillis(100);
    static final Duration ACK_LIFETIME = Duration.ofMinutes(10);
    static final Duration RESEND_REQUEST_SPACING = Duration.ofSeconds(3);
    private static final Logger LOG = LoggerFactory.getLogger(AckScheduler.class);

    private final CommandSender sender;
    private final Clock clock;
    private final Map<String, Long> pending = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastResendRequest = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("console-acks").daemon().factory());

    public AckScheduler(CommandSender sender, Clock clock) {
        this.sender = sender;
        this.clock = clock;
        timer.scheduleWithFixedDelay(this::flush, FLUSH_INTERVAL.toMillis(), FLUSH_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void acknowledge(String agentId, long upToSeq) {
        pending.merge(agentId, upToSeq, Math::max);
    }

    /** Asks the agent to send everything after {@code ackedSeq} again, at most every few seconds per agent. */
    @Override
    public void requestResend(String agentId, long ackedSeq) {
        Instant now = clock.instant();
        Instant last = lastResendRequest.get(agentId);
        if (last != null && now.isBefore(last.plus(RESEND_REQUEST_SPACING))) {
            return;
        }
        lastResendRequest.put(agentId, now);
        send(agentId, new AckCommand(ackedSeq, true));
    }

    private void flush() {
        try {
            for (String agentId : pending.keySet()) {
                Long upTo = pending.remove(agentId);
                if (upTo != null) {
                    send(agentId, new AckCommand(upTo, false));
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("sending acknowledgements failed; they go out with the next batch", e);
        }
    }

    private void send(String agentId, AckCommand ack) {
        sender.send(agentId, ack, ACK_LIFETIME).exceptionally(failure -> {
            LOG.debug("ack to {} not sent: {}", agentId, failure.toString());
            return null;
        });
    }

    @Override
    public void close() {
        flush();
        timer.shutdownNow();
    }
}
