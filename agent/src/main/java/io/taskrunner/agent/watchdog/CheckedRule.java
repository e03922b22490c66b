package io.taskrunner.agent.watchdog;

import io.taskrunner.agent.watchdog.check.CheckResult;
import io.taskrunner.agent.watchdog.check.Probe;
import io.taskrunner.i18n.Language;
import io.taskrunner.i18n.Messages;
import io.taskrunner.protocol.definition.watchdog.RestartAction;
import io.taskrunner.protocol.definition.watchdog.WatchdogRule;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A rule whose check runs on an interval: runs the probe, feeds the {@link FailureTracker}, takes the ladder step it
 * asks for, and closes the incident on recovery. One check at a time: a tick that finds the last one still running
 * is skipped.
 */
final class CheckedRule implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CheckedRule.class);

    private final WatchdogRule rule;
    private final Probe probe;
    private final FailureTracker tracker;
    private final Escalation escalation;
    private final Incidents incidents;
    private final Clock clock;
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile boolean closed;
    private volatile RuleHealth health = RuleHealth.UNKNOWN;
    private volatile String lastProblem;
    private volatile int failures;

    CheckedRule(WatchdogRule rule, Probe probe, Escalation escalation, Incidents incidents, Clock clock) {
        this.rule = rule;
        this.probe = probe;
        this.tracker = new FailureTracker(rule.threshold(), rule.actions().size(),
                rule.actions().getLast() instanceof RestartAction);
        this.escalation = escalation;
        this.incidents = incidents;
        this.clock = clock;
        if (incidents.open(rule.name()).isPresent()) {
            // raised before the agent restarted: do not raise it again, close it when the check passes
            tracker.resumeIncident();
        }
    }

    WatchdogRule rule() {
        return rule;
    }

    /** Called by the scheduler each interval: runs the check on a virtual thread unless one still runs. */
    void tick() {
        if (closed || !busy.compareAndSet(false, true)) {
            return;
        }
        Thread.ofVirtual().name("watchdog-check-" + rule.name()).start(() -> {
            try {
                checkNow();
            } finally {
                busy.set(false);
            }
        });
    }

    /** Runs the check once on the calling thread and acts on the result. */
    synchronized void checkNow() {
        if (closed) {
            return;
        }
        CheckResult result;
        try {
            result = probe.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            result = CheckResult.failed("watchdog.check.error", e.toString());
        }
        try {
            act(result);
        } catch (RuntimeException e) {
            // the next interval tries again
            LOG.error("rule {}: acting on a check result failed", rule.name(), e);
        }
    }

    private void act(CheckResult result) {
        if (result.healthy()) {
            health = RuleHealth.HEALTHY;
            failures = 0;
            if (tracker.healthy().recovered()) {
                incidents.recover(rule.name(), rule.alert(), AlertTexts.text(rule.alert(), "watchdog.alert.recovered",
                        rule.name()));
            }
            return;
        }
        health = RuleHealth.FAILING;
        lastProblem = Messages.of(Language.EN).get(result.key(), result.args().toArray());
        FailureTracker.Decision decision = tracker.failed(clock.instant());
        failures = tracker.failures();
        LOG.info("rule {}: check failed ({} in a row): {}", rule.name(), failures, lastProblem);
        if (decision.takesStep()) {
            String problem = AlertTexts.of(rule.alert()).get(result.key(), result.args().toArray());
            LOG.warn("rule {}: taking step {} of its ladder ({})", rule.name(), decision.step() + 1,
                    rule.actions().get(decision.step()).getClass().getSimpleName());
            escalation.take(rule, rule.actions().get(decision.step()), problem);
        }
    }

    RuleStatus status() {
        return new RuleStatus(rule.name(), health, failures, 0, null,
                incidents.open(rule.name()).map(OpenIncident::incidentId).orElse(null), lastProblem);
    }

    @Override
    public void close() {
        closed = true;
        probe.close();
    }
}
