package io.taskrunner.agent.task.http;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads a response body up to {@code limit} bytes, then cancels the subscription so the client stops reading
 * (and drops the connection) instead of buffering whatever a server chooses to send.
 */
final class CappedBodySubscriber implements HttpResponse.BodySubscriber<CappedBody> {
    private final int limit;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<CappedBody> body = new CompletableFuture<>();
    private Flow.Subscription subscription;

    CappedBodySubscriber(int limit) {
        this.limit = limit;
    }

    static HttpResponse.BodyHandler<CappedBody> handler(int limit) {
        return info -> new CappedBodySubscriber(limit);
    }

    @Override
    public void onSubscribe(Flow.Subscription value) {
        subscription = value;
        value.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (body.isDone()) {
            return;
        }
        for (ByteBuffer buffer : buffers) {
            int room = limit - bytes.size();
            if (buffer.remaining() > room) {
                copy(buffer, room);
                subscription.cancel();
                body.complete(new CappedBody(bytes.toByteArray(), true));
                return;
            }
            copy(buffer, buffer.remaining());
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable failure) {
        body.completeExceptionally(failure);
    }

    @Override
    public void onComplete() {
        body.complete(new CappedBody(bytes.toByteArray(), false));
    }

    @Override
    public CompletionStage<CappedBody> getBody() {
        return body;
    }

    private void copy(ByteBuffer buffer, int count) {
        byte[] chunk = new byte[count];
        buffer.get(chunk);
        bytes.write(chunk, 0, count);
    }
}
