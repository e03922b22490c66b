package io.taskrunner.agent.watchdog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskrunner.agent.alert.AlertNotifier;
import io.taskrunner.agent.events.EventLog;
import io.taskrunner.agent.store.KeyedRecords;
import io.taskrunner.protocol.definition.watchdog.AlertTargets;
import io.taskrunner.protocol.message.AlertRaised;
import io.taskrunner.protocol.message.AlertSeverity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One alert per incident: {@link #raise} opens an incident (an {@link AlertRaised} with a new id) unless the rule
 * has one open already; {@link #recover} closes it with the same id and {@code recovered = true}. Each goes to the
 * event log (the console, durable across broker outages) and to the {@link AlertNotifier}. Open incidents are kept
 * in the agent store, so a restarted agent neither raises them again nor forgets to close them. Thread-safe.
 */
public final class Incidents {
    private static final Logger LOG = LoggerFactory.getLogger(Incidents.class);

    /** What {@link AlertRaised} allows. */
    private static final int MAX_MESSAGE = 4096;

    private final KeyedRecords store;
    private final EventLog events;
    private final AlertNotifier notifier;
    private final ObjectMapper json;
    private final Clock clock;
    private final Map<String, OpenIncident> open = new ConcurrentHashMap<>();

    public Incidents(KeyedRecords store, EventLog events, AlertNotifier notifier, ObjectMapper json, Clock clock) {
        this.store = store;
        this.events = events;
        this.notifier = notifier;
        this.json = json;
        this.clock = clock;
        store.all().forEach((rule, bytes) -> {
            try {
                open.put(rule, json.readValue(bytes, OpenIncident.class));
            } catch (IOException e) {
                LOG.warn("dropping an unreadable open incident of rule {}: {}", rule, e.getMessage());
                store.remove(rule);
            }
        });
    }

    public Optional<OpenIncident> open(String rule) {
        return Optional.ofNullable(open.get(rule));
    }

    /** Rules with an open incident, e.g. to close those of rules that no longer exist. */
    public Set<String> rulesWithIncident() {
        return Set.copyOf(open.keySet());
    }

    /** Raises the rule's alert unless an incident of it is open; returns whether it raised one. */
    public synchronized boolean raise(String rule, AlertTargets targets, AlertSeverity severity, String text) {
        if (open.containsKey(rule)) {
            return false;
        }
        String message = Escalation.shortened(text, MAX_MESSAGE);
        OpenIncident incident = new OpenIncident(UUID.randomUUID(), rule, severity, message, clock.millis());
        persist(incident);
        AlertRaised alert = new AlertRaised(incident.incidentId(), rule, severity, message, false);
        // the record goes to disk with the event's commit: both or neither survive a crash
        events.record(alert);
        LOG.warn("rule {} raised incident {}: {}", rule, incident.incidentId(), message);
        notifySafely(alert, targets);
        return true;
    }

    /** Closes the rule's open incident, if any, with a recovery; returns whether there was one. */
    public synchronized boolean recover(String rule, AlertTargets targets, String text) {
        String message = Escalation.shortened(text, MAX_MESSAGE);
        OpenIncident incident = open.remove(rule);
        if (incident == null) {
            return false;
        }
        store.remove(rule);
        AlertRaised recovery = new AlertRaised(incident.incidentId(), rule, incident.severity(), message, true);
        events.record(recovery);
        LOG.info("rule {} closed incident {}: {}", rule, incident.incidentId(), message);
        notifySafely(recovery, targets);
        return true;
    }

    private void persist(OpenIncident incident) {
        try {
            store.put(incident.rule(), json.writeValueAsBytes(incident));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode incident " + incident.incidentId(), e);
        }
        open.put(incident.rule(), incident);
    }

    private void notifySafely(AlertRaised alert, AlertTargets targets) {
        try {
            notifier.notify(alert, targets);
        } catch (RuntimeException e) {
            // the console has the alert through the event log; the extra way out must not stop the watchdog
            LOG.warn("alert notifier failed for incident {}", alert.incidentId(), e);
        }
    }
}
