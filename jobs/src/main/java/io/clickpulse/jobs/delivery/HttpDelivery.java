package io.clickpulse.jobs.delivery;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends one notification over HTTP: Slack gets its Block Kit message, webhooks get the Standard
 * Webhooks body and headers. Errors are described without the URL, which may itself be a secret.
 *
 * <p>Nothing a receiver sends can hold a caller: the whole exchange ends at connect-timeout +
 * read-timeout, the response body is kept up to 64 KB (the rest is not read), redirects are not
 * followed (a 3xx is an answer like any other), and {@link #sendAsync} does not block.
 */
public final class HttpDelivery {
  /** The status of a request the outbound policy refused to send: a permanent failure. */
  public static final int REFUSED = -1;

  /** What came back. */
  public record Result(int status, long latencyMillis, String error, Duration retryAfter) {}

  /** Resolves hosts for the outbound policy: daemon threads, as many as lookups under way. */
  private static final Executor DNS =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "clickpulse-delivery-dns");
            t.setDaemon(true);
            return t;
          });

  private static final URI HEADER_CHECK = URI.create("https://headers.invalid/");

  /** The outbound policy's refusal, whose message never holds the URL. */
  private static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message, null, false, false);
    }
  }

  private final HttpClient client;

  /** The most of a response body kept: enough for an error snippet, never a flood. */
  static final int MAX_BODY_BYTES = 64 * 1024;

  private final Duration readTimeout;
  private final Duration deadline;
  private final OutboundPolicy policy;

  public HttpDelivery(Duration connectTimeout, Duration readTimeout, OutboundPolicy policy) {
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.readTimeout = readTimeout;
    this.deadline = connectTimeout.plus(readTimeout);
    this.policy = policy;
  }

  /** What to send: the same content as a Slack message or as a webhook body. */
  public interface Body {
    String slack();

    String webhook(long sentAtMillis);

    /** The same content as an email (for {@code type: email}): subject, plain text and HTML. */
    default EmailMessages.Email email() {
      throw new UnsupportedOperationException("this message has no email form");
    }
  }

  /** Sends and waits for the result: for the command-line tools, which send one at a time. */
  public Result send(
      DeliveryConfig.ResolvedDestination d, String webhookId, Body content, long nowMillis) {
    return sendAsync(d, webhookId, content, nowMillis).join();
  }

  public CompletableFuture<Result> sendAsync(
      DeliveryConfig.ResolvedDestination d, Notification n, long nowMillis) {
    return sendAsync(d, n.webhookId, n.body(), nowMillis);
  }

  /**
   * Starts one exchange and returns at once; the future always completes (never exceptionally),
   * within {@link #deadline()}: a receiver that accepts the connection and then trickles its answer
   * is cut off there, and its body is read only up to {@link #MAX_BODY_BYTES}. Building the body
   * (the caller's {@code content}) happens here, on the caller's thread, so a notification that
   * cannot be rendered throws to the caller as before.
   */
  public CompletableFuture<Result> sendAsync(
      DeliveryConfig.ResolvedDestination d, String webhookId, Body content, long nowMillis) {
    long start = System.nanoTime();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    String body;
    if ("slack".equals(d.type())) {
      body = content.slack();
    } else {
      body = content.webhook(nowMillis);
      long timestamp = nowMillis / 1000;
      headers.put("webhook-id", webhookId);
      headers.put("webhook-timestamp", String.valueOf(timestamp));
      headers.put(
          "webhook-signature",
          new WebhookSigner(d.secrets()).signature(webhookId, timestamp, body));
    }
    // A header the client would refuse (a line break in an id) throws here, to the caller.
    headers.forEach(HttpRequest.newBuilder(HEADER_CHECK)::header);
    CompletableFuture<Result> result = new CompletableFuture<>();
    // The policy resolves the host: DNS may be slow too, so it runs off the caller's thread.
    CompletableFuture<URI> checked =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return policy.check(d.url());
              } catch (IllegalArgumentException e) {
                throw new Refused(e.getMessage());
              }
            },
            DNS);
    // Cancelling the JDK client's own future aborts the exchange and closes its connection.
    AtomicReference<CompletableFuture<HttpResponse<String>>> inner = new AtomicReference<>();
    CompletableFuture<HttpResponse<String>> exchange =
        checked.thenCompose(
            uri -> {
              HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(readTimeout);
              headers.forEach(request::header);
              CompletableFuture<HttpResponse<String>> sending =
                  client.sendAsync(
                      request
                          .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                          .build(),
                      info -> CappedBody.subscriber(MAX_BODY_BYTES));
              inner.set(sending);
              if (result.isDone()) {
                sending.cancel(true); // the deadline passed while resolving
              }
              return sending;
            });
    exchange.whenComplete((response, failure) -> result.complete(result(response, failure, start)));
    // request.timeout() only covers the wait for the headers: the deadline covers the body too.
    CompletableFuture.delayedExecutor(deadline.toMillis(), TimeUnit.MILLISECONDS)
        .execute(() -> result.complete(new Result(0, millisSince(start), "timed out", null)));
    // Ended by the deadline or cancelled by the caller (a closing task): abort what is under way.
    result.whenComplete(
        (r, failure) -> {
          if (!exchange.isDone()) {
            checked.cancel(true);
            CompletableFuture<HttpResponse<String>> sending = inner.get();
            if (sending != null) {
              sending.cancel(true);
            }
          }
        });
    return result;
  }

  private static Result result(HttpResponse<String> response, Throwable failure, long start) {
    if (failure == null) {
      String error =
          response.statusCode() / 100 == 2
              ? null
              : "HTTP " + response.statusCode() + ": " + snippet(response.body());
      return new Result(response.statusCode(), millisSince(start), error, retryAfter(response));
    }
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof Refused) {
      return new Result(REFUSED, 0, "refused by outbound policy: " + cause.getMessage(), null);
    }
    if (cause instanceof HttpTimeoutException || cause instanceof CancellationException) {
      return new Result(0, millisSince(start), "timed out", null);
    }
    if (cause instanceof IOException) {
      return new Result(
          0, millisSince(start), "connection failed: " + cause.getClass().getSimpleName(), null);
    }
    return new Result(0, millisSince(start), "failed: " + cause.getClass().getSimpleName(), null);
  }

  /** The longest an exchange may take, from connecting to the last byte read. */
  public Duration deadline() {
    return deadline;
  }

  /** Retry-After in seconds or as an HTTP date. */
  static Duration retryAfter(HttpResponse<?> response) {
    return response
        .headers()
        .firstValue("Retry-After")
        .map(v -> retryAfter(v, Instant.now()))
        .orElse(null);
  }

  /**
   * A Retry-After value as a wait from {@code now}: delay-seconds (any number of digits: too many
   * for a long saturate rather than overflow, so the schedule can refuse them), or an HTTP date
   * (one in the past means now). Null for anything else, negative numbers included: RFC 9110 allows
   * only those two forms, and an unreadable header must not stop delivery.
   */
  static Duration retryAfter(String value, Instant now) {
    String v = value.trim();
    if (v.matches("[0-9]+")) {
      try {
        return Duration.ofSeconds(Long.parseLong(v));
      } catch (NumberFormatException tooManyDigits) {
        return Duration.ofSeconds(Long.MAX_VALUE);
      }
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return at.isBefore(now) ? Duration.ZERO : Duration.between(now, at);
    } catch (RuntimeException unreadable) {
      return null;
    }
  }

  private static String snippet(String body) {
    String oneLine = body == null ? "" : body.replaceAll("\\s+", " ").strip();
    return oneLine.length() > 200 ? oneLine.substring(0, 200) : oneLine;
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
