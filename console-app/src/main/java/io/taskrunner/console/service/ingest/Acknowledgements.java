package io.taskrunner.console.service.ingest;

/** Where the ingestor reports what it stored: {@link AckScheduler} in the console, a recorder in tests. */
interface Acknowledgements {
    /** Everything from this agent up to {@code upToSeq} is stored. */
    void acknowledge(String agentId, long upToSeq);

    /** Something after {@code ackedSeq} is missing: the agent should send everything after it again. */
    void requestResend(String agentId, long ackedSeq);
}
