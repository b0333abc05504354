package io.clickpulse.jobs.delivery;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.async.methods.AbstractBinResponseConsumer;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.DefaultThreadFactory;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.Timeout;

/**
 * Sends one notification over HTTP: Slack gets its Block Kit message, webhooks get the Standard
 * Webhooks body and headers. Errors are described without the URL, which may itself be a secret.
 *
 * <p>Nothing a receiver sends can hold a caller: the whole exchange ends at connect-timeout +
 * read-timeout, the response body is kept up to 64 KB (the rest is not read), redirects are not
 * followed (a 3xx is an answer like any other), and {@link #sendAsync} does not block. The client
 * (Apache HttpClient 5, async, one I/O thread) resolves host names only through {@link
 * OutboundPolicy#resolve}, so it connects to exactly the addresses the policy checked.
 */
public final class HttpDelivery implements AutoCloseable {
  /** The status of a request the outbound policy refused to send: a permanent failure. */
  public static final int REFUSED = -1;

  /** What came back. */
  public record Result(int status, long latencyMillis, String error, Duration retryAfter) {}

  private static final URI HEADER_CHECK = URI.create("https://headers.invalid/");

  /** The most of a response body kept: enough for an error snippet, never a flood. */
  static final int MAX_BODY_BYTES = 64 * 1024;

  private final CloseableHttpAsyncClient client;
  private final Duration deadline;
  private final OutboundPolicy policy;

  public HttpDelivery(Duration connectTimeout, Duration readTimeout, OutboundPolicy policy) {
    this.deadline = connectTimeout.plus(readTimeout);
    this.policy = policy;
    this.client =
        HttpAsyncClients.custom()
            .setConnectionManager(
                PoolingAsyncClientConnectionManagerBuilder.create()
                    .setDnsResolver(new CheckedResolver(policy))
                    .setDefaultConnectionConfig(
                        ConnectionConfig.custom()
                            .setConnectTimeout(Timeout.of(connectTimeout))
                            .setSocketTimeout(Timeout.of(readTimeout))
                            .build())
                    .build())
            .setDefaultRequestConfig(
                RequestConfig.custom().setResponseTimeout(Timeout.of(readTimeout)).build())
            .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(1).build())
            .setThreadFactory(new DefaultThreadFactory("clickpulse-delivery-http", true))
            .disableRedirectHandling()
            .disableAutomaticRetries()
            .disableCookieManagement()
            .build();
    client.start();
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
    // A header no HTTP client should send (a line break in an id) throws here, to the caller.
    headers.forEach(HttpRequest.newBuilder(HEADER_CHECK)::header);
    URI uri;
    try {
      uri = policy.checkUrl(d.url());
    } catch (IllegalArgumentException e) {
      return CompletableFuture.completedFuture(refused(e.getMessage()));
    }
    SimpleRequestBuilder request =
        SimpleRequestBuilder.post(uri)
            .setBody(body, ContentType.APPLICATION_JSON.withCharset(StandardCharsets.UTF_8));
    headers.forEach(request::addHeader);
    CompletableFuture<Result> result = new CompletableFuture<>();
    execute(request, start, result);
    return result;
  }

  /**
   * Starts {@code request}; {@code result} completes with its answer, its failure, or "timed out"
   * at the deadline, whichever comes first. Returns the response being read, for its body.
   */
  private CappedResponse execute(
      SimpleRequestBuilder request, long start, CompletableFuture<Result> result) {
    CappedResponse response = new CappedResponse(start, result);
    Future<Result> exchange =
        client.execute(
            SimpleRequestProducer.create(request.build()),
            response,
            new FutureCallback<>() {
              @Override
              public void completed(Result r) {
                result.complete(r);
              }

              @Override
              public void failed(Exception e) {
                result.complete(failure(e, start));
              }

              @Override
              public void cancelled() {
                result.complete(new Result(0, millisSince(start), "timed out", null));
              }
            });
    // The response timeout covers each wait for bytes: the deadline covers the whole exchange.
    CompletableFuture.delayedExecutor(deadline.toMillis(), TimeUnit.MILLISECONDS)
        .execute(() -> result.complete(new Result(0, millisSince(start), "timed out", null)));
    // Ended by the deadline, the body cap or the caller (a closing task): abort what is under way,
    // which closes its connection.
    result.whenComplete(
        (r, failure) -> {
          if (!exchange.isDone()) {
            exchange.cancel(true);
          }
        });
    return response;
  }

  /** An answer with its body (up to {@link #MAX_BODY_BYTES}), for APIs whose 2xx carries data. */
  public record Exchange(Result result, String body) {}

  /**
   * One request of any method ({@code GET}, {@code POST}, {@code PATCH}) with a JSON body or none,
   * on the same client, outbound policy, deadline and body cap as {@link #sendAsync}; the answer's
   * body is kept whatever the status (a ticket API returns the new ticket's number in its 2xx).
   * Completes normally, within {@link #deadline()}. Headers are checked here, on the caller's
   * thread: a bad one throws to the caller.
   */
  public CompletableFuture<Exchange> exchangeAsync(
      String method, String url, Map<String, String> headers, String json) {
    long start = System.nanoTime();
    headers.forEach(HttpRequest.newBuilder(HEADER_CHECK)::header);
    URI uri;
    try {
      uri = policy.checkUrl(url);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.completedFuture(new Exchange(refused(e.getMessage()), ""));
    }
    SimpleRequestBuilder request = SimpleRequestBuilder.create(method).setUri(uri);
    if (json != null) {
      request.setBody(json, ContentType.APPLICATION_JSON.withCharset(StandardCharsets.UTF_8));
    }
    headers.forEach(request::addHeader);
    CompletableFuture<Result> result = new CompletableFuture<>();
    CappedResponse response = execute(request, start, result);
    return result.thenApply(r -> new Exchange(r, r.status() > 0 ? response.body() : ""));
  }

  /** The status, Retry-After and up to {@link #MAX_BODY_BYTES} of the body of one response. */
  private static final class CappedResponse extends AbstractBinResponseConsumer<Result> {
    private final long start;
    private final CompletableFuture<Result> early;
    private final byte[] kept = new byte[MAX_BODY_BYTES];
    private int length;
    private int status;
    private Duration retryAfter;

    CappedResponse(long start, CompletableFuture<Result> early) {
      this.start = start;
      this.early = early;
    }

    @Override
    protected void start(HttpResponse response, ContentType contentType) {
      status = response.getCode();
      Header header = response.getFirstHeader("Retry-After");
      retryAfter = header == null ? null : retryAfter(header.getValue(), Instant.now());
    }

    @Override
    protected int capacityIncrement() {
      return MAX_BODY_BYTES;
    }

    @Override
    protected void data(ByteBuffer src, boolean endOfStream) throws IOException {
      if (early.isDone()) {
        // Ended already (the deadline or the caller), and the cancel may have raced the exchange:
        // failing it here closes the connection at the next bytes a trickling receiver sends.
        throw new IOException("exchange ended before its body");
      }
      int n = Math.min(src.remaining(), MAX_BODY_BYTES - length);
      src.get(kept, length, n);
      length += n;
      src.position(src.limit());
      if (length == MAX_BODY_BYTES && !endOfStream) {
        early.complete(buildResult());
        // Failing the exchange makes the client close the connection: the rest is never read.
        throw new IOException("response body cap reached");
      }
    }

    @Override
    protected Result buildResult() {
      String error =
          status / 100 == 2
              ? null
              : "HTTP "
                  + status
                  + ": "
                  + snippet(new String(kept, 0, length, StandardCharsets.UTF_8));
      return new Result(status, millisSince(start), error, retryAfter);
    }

    /** What was read of the body; after the result completed. */
    synchronized String body() {
      return new String(kept, 0, length, StandardCharsets.UTF_8);
    }

    @Override
    public void releaseResources() {}
  }

  /** Resolves names for the client through the outbound policy: it checks what it returns. */
  private static final class CheckedResolver implements DnsResolver {
    private final OutboundPolicy policy;

    CheckedResolver(OutboundPolicy policy) {
      this.policy = policy;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
      try {
        return policy.resolve(host);
      } catch (IllegalArgumentException refused) {
        throw new Refused(refused.getMessage());
      }
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
      return resolve(host)[0].getCanonicalHostName();
    }
  }

  /** The outbound policy's refusal, whose message never holds the URL. */
  private static final class Refused extends UnknownHostException {
    Refused(String message) {
      super(message);
    }
  }

  private static Result refused(String reason) {
    return new Result(REFUSED, 0, "refused by outbound policy: " + reason, null);
  }

  private static Result failure(Exception failure, long start) {
    Throwable cause = failure;
    while (cause != null && !(cause instanceof Refused) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof Refused) {
      return refused(cause.getMessage());
    }
    if (cause instanceof SocketTimeoutException
        || cause instanceof InterruptedIOException
        || cause instanceof CancellationException) {
      return new Result(0, millisSince(start), "timed out", null);
    }
    if (cause instanceof IOException) {
      return new Result(
          0, millisSince(start), "connection failed: " + cause.getClass().getSimpleName(), null);
    }
    return new Result(0, millisSince(start), "failed: " + cause.getClass().getSimpleName(), null);
  }

  /** Ends the client: its I/O thread and open connections; exchanges under way are aborted. */
  @Override
  public void close() {
    client.close(CloseMode.IMMEDIATE);
  }

  /** The longest an exchange may take, from connecting to the last byte read. */
  public Duration deadline() {
    return deadline;
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
