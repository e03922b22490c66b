package io.taskrunner.console.it;

/** How a finished {@code taskrunner-console} command ended, with what it printed (stdout and stderr). */
record CommandResult(int exitCode, String output) {
}
