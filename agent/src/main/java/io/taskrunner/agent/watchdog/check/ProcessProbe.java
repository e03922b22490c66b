package io.taskrunner.agent.watchdog.check;

import io.taskrunner.protocol.definition.watchdog.ProcessCheck;

/** Counts the matching processes and compares the count with the rule's range. */
final class ProcessProbe implements Probe {
    private final ProcessCheck check;
    private final ProcessFinder finder;

    ProcessProbe(ProcessCheck check) {
        this.check = check;
        this.finder = new ProcessFinder(check.name(), check.compiledPattern());
    }

    @Override
    public CheckResult run() {
        int count = finder.find().size();
        String what = describe();
        if (count < check.min()) {
            return count == 0 ? CheckResult.failed("watchdog.check.process.missing", what)
                    : CheckResult.failed("watchdog.check.process.tooFew", what, count, check.min());
        }
        if (check.max() != null && count > check.max()) {
            return check.max() == 0 ? CheckResult.failed("watchdog.check.process.present", what, count)
                    : CheckResult.failed("watchdog.check.process.tooMany", what, count, check.max());
        }
        return CheckResult.ok();
    }

    private String describe() {
        if (check.name() == null || check.name().isBlank()) {
            return "/" + check.commandLinePattern() + "/";
        }
        return check.commandLinePattern() == null ? check.name() : check.name() + " /" + check.commandLinePattern()
                + "/";
    }
}
