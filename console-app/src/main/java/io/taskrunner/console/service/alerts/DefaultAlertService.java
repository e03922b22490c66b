package io.taskrunner.console.service.alerts;

import io.taskrunner.console.service.fleet.Listeners;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;

/** Alerts from H2; the event ingest stores them and calls {@link #changed} once its transaction committed. */
public final class DefaultAlertService implements AlertService {
    private static final int MAX_RECENT = 10_000;
    private final AlertRepository repository;
    private final Clock clock;
    private final Listeners<AlertSnapshot> listeners = new Listeners<>();

    public DefaultAlertService(AlertRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    public AlertRepository repository() {
        return repository;
    }

    @Override
    public List<AlertSnapshot> open() {
        return repository.open();
    }

    @Override
    public List<AlertSnapshot> recent(int limit) {
        if (limit < 1 || limit > MAX_RECENT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_RECENT + ", was " + limit);
        }
        return repository.recent(limit);
    }

    @Override
    public boolean acknowledge(UUID incidentId, String operator) {
        Objects.requireNonNull(incidentId, "incidentId");
        if (operator == null || operator.isBlank()) {
            throw new IllegalArgumentException("operator must not be empty");
        }
        return repository.acknowledge(incidentId, operator.strip(), clock.instant()).map(snapshot -> {
            listeners.fire(snapshot);
            return true;
        }).orElse(false);
    }

    @Override
    public AutoCloseable addListener(Consumer<AlertSnapshot> listener) {
        return listeners.add(listener);
    }

    /** An incident changed in a committed transaction of the event ingest. */
    public void changed(AlertSnapshot snapshot) {
        listeners.fire(snapshot);
    }
}
