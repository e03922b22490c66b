package io.taskrunner.protocol.message;

/** The typed body of an {@link Envelope}; each implementation is one {@link MessageType}. */
public sealed interface MessageBody
        permits AgentState, AgentMetrics, RunCommand, CancelRunCommand, AckCommand, SignedMessage, RunQueued,
        RunStarted, RunOutput, RunFinished, CommandRejected, AlertRaised, DesiredBundle, TriggerReply, RunTaskCommand,
        RunRetrying, DesiredApplied, ScheduleFired, CollectorValues, RunProgress, NextJobRequest,
        KeyRotateCommand, KeyRotated {
}
