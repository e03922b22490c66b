package io.taskrunner.console.viewmodel;

/** The parts of the console the sidebar switches between. */
public enum Section {
    FLEET, RUNS, JOBS, FIELD, SETTINGS
}
