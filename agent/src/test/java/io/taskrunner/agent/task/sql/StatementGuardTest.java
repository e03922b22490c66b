package io.taskrunner.agent.task.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskrunner.agent.executor.CancellationToken;
import io.taskrunner.protocol.message.RunState;
import java.lang.reflect.Proxy;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StatementGuardTest {
    private final AtomicInteger cancels = new AtomicInteger();
    private final AtomicInteger queryTimeout = new AtomicInteger(-1);
    private final CancellationToken token = new CancellationToken();

    /** A statement that only records what the guard asks of it. */
    private final Statement statement = (Statement) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {Statement.class}, (proxy, method, args) -> {
                switch (method.getName()) {
                    case "cancel" -> cancels.incrementAndGet();
                    case "setQueryTimeout" -> queryTimeout.set((Integer) args[0]);
                    default -> throw new UnsupportedOperationException(method.getName());
                }
                return null;
            });

    @Test
    void begin_givesTheStatementTheRemainingTimeRoundedUpToWholeSeconds() throws Exception {
        try (StatementGuard guard = new StatementGuard("t", Duration.ofMillis(2500), token)) {
            assertThat(guard.begin(statement)).isTrue();
        }

        assertThat(queryTimeout).hasValue(3);
    }

    @Test
    void theWatchdog_cancelsTheRunningStatementAtTheDeadline() throws Exception {
        try (StatementGuard guard = new StatementGuard("t", Duration.ofMillis(200), token)) {
            guard.begin(statement);

            await().atMost(Duration.ofSeconds(5)).until(() -> cancels.get() == 1);

            assertThat(guard.stopping()).isTrue();
            assertThat(guard.stopOutcome().orElseThrow().state()).isEqualTo(RunState.TIMED_OUT);
        }
    }

    @Test
    void aCancel_cancelsTheRunningStatementAndEndsCancelled() throws Exception {
        try (StatementGuard guard = new StatementGuard("t", Duration.ofHours(1), token)) {
            guard.begin(statement);

            token.cancel();

            await().atMost(Duration.ofSeconds(5)).until(() -> cancels.get() == 1);
            assertThat(guard.stopOutcome().orElseThrow().state()).isEqualTo(RunState.CANCELLED);
        }
    }

    @Test
    void begin_afterACancel_refusesToStartTheStatement() throws Exception {
        token.cancel();
        try (StatementGuard guard = new StatementGuard("t", Duration.ofHours(1), token)) {
            assertThat(guard.begin(statement)).isFalse();
        }

        assertThat(queryTimeout).hasValue(-1);
    }

    @Test
    void aStatementThatEnded_isNotCancelled() throws Exception {
        try (StatementGuard guard = new StatementGuard("t", Duration.ofHours(1), token)) {
            guard.begin(statement);
            guard.end();

            token.cancel();
        }

        assertThat(cancels).hasValue(0);
    }

    @Test
    void stopOutcome_whenNothingStopsTheAttempt_isEmptyUnlessTheDriverTimedOut() {
        try (StatementGuard guard = new StatementGuard("t", Duration.ofHours(1), token)) {
            assertThat(guard.stopOutcome()).isEmpty();
            assertThat(guard.stopOutcome(new SQLTimeoutException("driver timeout")).orElseThrow().state())
                    .isEqualTo(RunState.TIMED_OUT);
        }
    }
}
