package io.taskrunner.agent.watchdog;

import io.taskrunner.protocol.definition.watchdog.AlertTargets;
import io.taskrunner.protocol.definition.watchdog.Backoff;
import io.taskrunner.protocol.definition.watchdog.ProgramCheck;
import io.taskrunner.protocol.definition.watchdog.RestartBudget;
import io.taskrunner.protocol.definition.watchdog.Threshold;
import io.taskrunner.protocol.definition.watchdog.WatchdogAction;
import io.taskrunner.protocol.definition.watchdog.WatchdogCheck;
import io.taskrunner.protocol.definition.watchdog.WatchdogRule;
import java.util.List;

/** Watchdog rules as tests write them. */
final class Rules {
    private Rules() {
    }

    static WatchdogRule program(String name, RestartBudget budget, Backoff backoff, String... argv) {
        ProgramCheck check = new ProgramCheck(argv[0], List.of(argv).subList(1, argv.length), null, null, 2);
        return new WatchdogRule(name, null, check, 0, null, null, budget, backoff, null, null);
    }

    static WatchdogRule checked(String name, WatchdogCheck check, Threshold threshold, AlertTargets alert,
            WatchdogAction... actions) {
        return new WatchdogRule(name, null, check, 1, threshold, List.of(actions), null, null, alert, null);
    }
}
