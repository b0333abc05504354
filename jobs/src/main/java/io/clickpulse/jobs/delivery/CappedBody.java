package io.clickpulse.jobs.delivery;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read up to a number of bytes: the rest is not read, the subscription is cancelled
 * (the JDK client then closes the connection), and what was kept becomes the body. A receiver that
 * answers with gigabytes costs at most that much memory. Plain Java.
 */
final class CappedBody implements HttpResponse.BodySubscriber<String> {
  private final int maxBytes;
  private final byte[] kept;
  private final CompletableFuture<String> result = new CompletableFuture<>();
  private int length;
  private Flow.Subscription subscription;

  private CappedBody(int maxBytes) {
    this.maxBytes = maxBytes;
    this.kept = new byte[maxBytes];
  }

  static HttpResponse.BodySubscriber<String> subscriber(int maxBytes) {
    return new CappedBody(maxBytes);
  }

  @Override
  public CompletionStage<String> getBody() {
    return result;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    s.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    for (ByteBuffer b : buffers) {
      int n = Math.min(b.remaining(), maxBytes - length);
      b.get(kept, length, n);
      length += n;
    }
    if (length >= maxBytes) {
      subscription.cancel();
      finish();
    } else {
      subscription.request(1);
    }
  }

  @Override
  public void onError(Throwable t) {
    result.completeExceptionally(t);
  }

  @Override
  public void onComplete() {
    finish();
  }

  private void finish() {
    // A multi-byte character cut at the cap decodes to a replacement character.
    result.complete(new String(kept, 0, length, StandardCharsets.UTF_8));
  }
}
