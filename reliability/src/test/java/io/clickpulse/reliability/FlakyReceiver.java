package io.clickpulse.reliability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.clickpulse.stack.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook receiver on a fixed loopback port that misbehaves on purpose: each request gets the
 * answer its {@link Behaviour} picks (status, Retry-After, a stall), and the receiver can be taken
 * down (connections refused) and brought back on the same port. It checks each request's Standard
 * Webhooks signature and records what it got and what it answered.
 */
final class FlakyReceiver implements AutoCloseable {
  /** An answer: HTTP status, Retry-After seconds (0 for none), a stall before answering. */
  record Reply(int status, int retryAfterSeconds, long stallMillis) {
    static Reply ok() {
      return new Reply(200, 0, 0);
    }

    static Reply status(int status) {
      return new Reply(status, 0, 0);
    }
  }

  /** Picks the answer to the {@code n}-th request (1-based). */
  interface Behaviour {
    Reply reply(int n);
  }

  /** One request as received, and what it was answered when. */
  record Request(
      String webhookId,
      long receivedAtMillis,
      long answeredAtMillis,
      int answered,
      int retryAfterSeconds,
      boolean signatureValid) {}

  final String name;
  final String secret;
  final int port = Ports.freeLoopbackPort();
  final List<Request> requests = new CopyOnWriteArrayList<>();
  private final String path;
  private final AtomicInteger count = new AtomicInteger();
  private volatile Behaviour behaviour;
  private HttpServer server;

  FlakyReceiver(String name, Behaviour behaviour) {
    this.name = name;
    this.behaviour = behaviour;
    // Random per run: the URL's path is a secret, as in Slack webhook URLs.
    this.path = "/hooks/" + name + "-" + java.util.UUID.randomUUID();
    byte[] key = new byte[24];
    new java.security.SecureRandom().nextBytes(key);
    this.secret = "whsec_" + Base64.getEncoder().encodeToString(key);
    Leaks.secret(path);
    Leaks.secret(secret.substring("whsec_".length()));
  }

  String url() {
    return "http://127.0.0.1:" + port + path;
  }

  /** Starts answering on its port. */
  synchronized FlakyReceiver up() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot bind " + name + " to port " + port, e);
    }
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
    return this;
  }

  /** Stops listening: connections are refused until {@link #up()}. */
  synchronized void down() {
    if (server != null) {
      server.stop(0);
      server = null;
    }
  }

  void behave(Behaviour next) {
    behaviour = next;
  }

  /** Requests answered 2xx per webhook-id. */
  long delivered(String webhookId) {
    return requests.stream()
        .filter(r -> r.webhookId().equals(webhookId) && r.answered() / 100 == 2)
        .count();
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    String id = exchange.getRequestHeaders().getFirst("webhook-id");
    String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
    String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
    long received = System.currentTimeMillis();
    Reply reply =
        exchange.getRequestURI().getPath().equals(path)
            ? behaviour.reply(count.incrementAndGet())
            : Reply.status(404);
    if (reply.stallMillis() > 0) {
      LockSupport.parkNanos(reply.stallMillis() * 1_000_000); // the stall is the point
    }
    if (reply.retryAfterSeconds() > 0) {
      exchange.getResponseHeaders().add("Retry-After", String.valueOf(reply.retryAfterSeconds()));
    }
    requests.add(
        new Request(
            String.valueOf(id),
            received,
            System.currentTimeMillis(),
            reply.status(),
            reply.retryAfterSeconds(),
            verify(id, timestamp, body, signature)));
    exchange.sendResponseHeaders(reply.status(), -1);
    exchange.close();
  }

  /** Standard Webhooks: base64 HMAC-SHA256 of "id.timestamp.body" with the decoded secret. */
  private boolean verify(String id, String timestamp, byte[] body, String signatures) {
    if (id == null || timestamp == null || signatures == null) {
      return false;
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(
          new SecretKeySpec(
              Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
      mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
      byte[] expected = mac.doFinal(body);
      for (String candidate : signatures.split(" ")) {
        if (candidate.startsWith("v1,")
            && MessageDigest.isEqual(
                expected, Base64.getDecoder().decode(candidate.substring("v1,".length())))) {
          return true;
        }
      }
      return false;
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  @Override
  public void close() {
    down();
  }
}
