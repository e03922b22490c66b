package io.taskrunner.agent.task.http;

/**
 * A response body read up to a limit.
 *
 * @param bytes     the bytes read, at most the limit
 * @param truncated the server sent more than the limit; the rest was not read
 */
record CappedBody(byte[] bytes, boolean truncated) {
}
