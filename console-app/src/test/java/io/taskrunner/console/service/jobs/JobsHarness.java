package io.taskrunner.console.service.jobs;

import io.taskrunner.console.MutableClock;
import io.taskrunner.console.persistence.Database;
import io.taskrunner.console.service.desired.DefaultDesiredStateService;
import io.taskrunner.console.service.fleet.AgentConnectionStatus;
import io.taskrunner.console.viewmodel.InMemoryFleetService;
import io.taskrunner.protocol.codec.MessageCodec;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A job service on a real H2 file with real agent labels, an in-memory fleet, a clock that moves when told and
 * {@link RecordingJobRuns} at the edge. Events are handled on the calling thread; nothing ticks by itself.
 */
final class JobsHarness implements AutoCloseable {
    static final Instant START = Instant.parse("2026-11-23T01:00:00Z");

    final MutableClock clock = new MutableClock(START);
    final InMemoryFleetService fleet = new InMemoryFleetService();
    final RecordingJobRuns runs = new RecordingJobRuns(clock);
    final Database database;
    final DefaultDesiredStateService desired;
    DefaultJobService jobs;

    JobsHarness(Path dir) {
        database = Database.open(dir);
        desired = new DefaultDesiredStateService(database, fleet, null, new MessageCodec(), clock);
        jobs = newService();
    }

    /** A second service on the same database, as after a console restart. */
    DefaultJobService newService() {
        DefaultJobService service = new DefaultJobService(new JobRepository(database, new MessageCodec()), runs, fleet,
                desired::labels, clock, Runnable::run);
        service.listen();
        return service;
    }

    void agents(AgentConnectionStatus status, String... ids) {
        for (String id : ids) {
            fleet.put(InMemoryFleetService.agent(id, status, id, "Linux", 1.0, 2.0));
        }
    }

    /** Agents agent-01 .. agent-NN, online. */
    void onlineAgents(int count) {
        for (int i = 1; i <= count; i++) {
            agents(AgentConnectionStatus.ONLINE, String.format("agent-%02d", i));
        }
    }

    @Override
    public void close() {
        jobs.close();
        database.close();
    }
}
