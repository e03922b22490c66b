package io.taskrunner.agent.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskrunner.agent.config.SmtpSettings;
import io.taskrunner.agent.datasource.SecretResolver;
import io.taskrunner.protocol.definition.watchdog.AlertTargets;
import io.taskrunner.protocol.message.AlertRaised;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers alerts to rules' webhooks and mail addresses: each on its own virtual thread, retried with doubling waits
 * when the far end is down, held back during the rule's quiet hours. An incident that opens and closes within quiet
 * hours sends nothing at all; one still open when they end is sent then. The console hears of every alert anyway
 * (through the event log), so nothing here can lose one for good.
 */
public final class AlertDelivery implements AlertNotifier, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertDelivery.class);
    static final int MAX_ATTEMPTS = 6;

    private final String agentId;
    private final List<AlertChannel> channels;
    private final boolean mailConfigured;
    private final Clock clock;
    private final Duration firstRetry;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("alert-delivery").daemon().factory());
    private final ExecutorService senders = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("alert-send-", 0).factory());
    /** Messages waiting for the end of their quiet hours, by incident, in the order they came. */
    private final Map<UUID, List<AlertMessage>> held = new LinkedHashMap<>();

    AlertDelivery(String agentId, List<AlertChannel> channels, boolean mailConfigured, Clock clock,
            Duration firstRetry) {
        this.agentId = agentId;
        this.channels = List.copyOf(channels);
        this.mailConfigured = mailConfigured;
        this.clock = clock;
        this.firstRetry = firstRetry;
    }

    /**
     * @param smtp the agent's mail server, or {@code null}: rules that name addresses get their alerts only to the
     *             console and the webhook, and the log says why
     */
    public static AlertDelivery create(String agentId, SmtpSettings smtp, SecretResolver secrets, ObjectMapper mapper,
            Clock clock) {
        List<AlertChannel> channels = new ArrayList<>();
        channels.add(new WebhookSender(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build(), mapper));
        if (smtp != null) {
            channels.add(new MailSender(smtp, secrets));
        }
        return new AlertDelivery(agentId, channels, smtp != null, clock, Duration.ofSeconds(5));
    }

    @Override
    public void notify(AlertRaised alert, AlertTargets targets) {
        AlertMessage message = new AlertMessage(agentId, alert, targets, clock.instant());
        if (!targets.email().isEmpty() && !mailConfigured) {
            LOG.warn("rule {} asks for alert mail, but agent.json has no smtp section; no mail sent", alert.rule());
        }
        if (channels.stream().noneMatch(channel -> channel.wants(message))) {
            return;
        }
        ZoneId zone = zoneOf(targets);
        Instant now = message.raisedAt();
        if (QuietHours.isQuiet(targets.quietHours(), zone, now)) {
            Optional<Instant> end = QuietHours.end(targets.quietHours(), zone, now);
            if (end.isPresent()) {
                hold(message, end.get());
                return;
            }
        }
        dispatch(message);
    }

    private void hold(AlertMessage message, Instant until) {
        UUID incident = message.alert().incidentId();
        synchronized (held) {
            List<AlertMessage> waiting = held.get(incident);
            if (message.alert().recovered() && waiting != null
                    && waiting.stream().anyMatch(earlier -> !earlier.alert().recovered())) {
                held.remove(incident);
                LOG.info("incident {} of rule {} opened and closed within quiet hours; no webhook or mail sent",
                        incident, message.alert().rule());
                return;
            }
            held.computeIfAbsent(incident, key -> new ArrayList<>()).add(message);
        }
        LOG.info("{} of rule {} held until quiet hours end at {}", message.alert().recovered() ? "recovery" : "alert",
                message.alert().rule(), until);
        long delay = Math.max(0, Duration.between(clock.instant(), until).toMillis());
        schedule(this::releaseDue, delay);
    }

    /** Sends every held message whose quiet hours are over. */
    void releaseDue() {
        List<AlertMessage> due = new ArrayList<>();
        Instant now = clock.instant();
        synchronized (held) {
            for (Iterator<List<AlertMessage>> incidents = held.values().iterator(); incidents.hasNext(); ) {
                List<AlertMessage> messages = incidents.next();
                messages.removeIf(message -> {
                    boolean over = !QuietHours.isQuiet(message.targets().quietHours(), zoneOf(message.targets()), now);
                    if (over) {
                        due.add(message);
                    }
                    return over;
                });
                if (messages.isEmpty()) {
                    incidents.remove();
                }
            }
        }
        due.sort(Comparator.comparing(AlertMessage::raisedAt));
        due.forEach(this::dispatch);
    }

    /** How many messages wait for quiet hours to end. */
    int heldCount() {
        synchronized (held) {
            return held.values().stream().mapToInt(List::size).sum();
        }
    }

    private void dispatch(AlertMessage message) {
        for (AlertChannel channel : channels) {
            if (channel.wants(message)) {
                submit(() -> attempt(channel, message, 1));
            }
        }
    }

    private void attempt(AlertChannel channel, AlertMessage message, int attempt) {
        try {
            channel.send(message);
            LOG.info("{} of rule {} sent by {}", message.alert().recovered() ? "recovery" : "alert",
                    message.alert().rule(), channel.name());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (attempt >= MAX_ATTEMPTS) {
                LOG.error("giving up sending the alert of rule {} by {} after {} attempts: {}", message.alert().rule(),
                        channel.name(), attempt, e.getMessage());
                return;
            }
            long wait = firstRetry.toMillis() << (attempt - 1);
            LOG.warn("sending the alert of rule {} by {} failed ({}); trying again in {} ms", message.alert().rule(),
                    channel.name(), e.getMessage(), wait);
            schedule(() -> submit(() -> attempt(channel, message, attempt + 1)), wait);
        }
    }

    private void submit(Runnable work) {
        try {
            senders.execute(work);
        } catch (RejectedExecutionException e) {
            LOG.debug("alert delivery stopped; dropping a send");
        }
    }

    private void schedule(Runnable work, long delayMillis) {
        try {
            timer.schedule(work, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("alert delivery stopped; dropping a scheduled send");
        }
    }

    private static ZoneId zoneOf(AlertTargets targets) {
        return targets.zone() == null ? ZoneId.systemDefault() : ZoneId.of(targets.zone());
    }

    @Override
    public void close() {
        timer.shutdownNow();
        senders.shutdown();
        try {
            if (!senders.awaitTermination(5, TimeUnit.SECONDS)) {
                senders.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            senders.shutdownNow();
        }
    }
}
