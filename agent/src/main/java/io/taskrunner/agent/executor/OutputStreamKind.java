package io.taskrunner.agent.executor;

/** Which pipe of the child process a piece of output came from. */
public enum OutputStreamKind {
    STDOUT, STDERR
}
