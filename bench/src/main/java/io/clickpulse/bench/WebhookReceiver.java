package io.clickpulse.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A local HTTP endpoint standing in for a webhook receiver: notes when each notification arrived
 * (before reading its body) and answers 200.
 */
final class WebhookReceiver implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One notification: which alert, and this JVM's clock when its request arrived. */
  record Notification(String subjectId, String rule, String status, long receivedAtMillis) {}

  private final HttpServer server;
  private final ExecutorService handler = Executors.newSingleThreadExecutor();
  private final LinkedBlockingQueue<Notification> received = new LinkedBlockingQueue<>();

  WebhookReceiver() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.setExecutor(handler);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  /** The next notification about {@code subjectId} with {@code status}, skipping others. */
  Optional<Notification> await(String subjectId, String status, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      Notification n = left > 0 ? received.poll(left, TimeUnit.NANOSECONDS) : null;
      if (n == null) {
        return Optional.empty();
      }
      if (n.subjectId().equals(subjectId) && n.status().equals(status)) {
        return Optional.of(n);
      }
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    long arrived = System.currentTimeMillis();
    try (exchange) {
      // A group notification lists its alerts (docs/schemas/webhook-v1.schema.json).
      for (JsonNode alert : JSON.readTree(exchange.getRequestBody()).path("data").path("alerts")) {
        received.add(
            new Notification(
                alert.path("subject_id").asText(),
                alert.path("rule").asText(),
                alert.path("status").asText(),
                arrived));
      }
      exchange.sendResponseHeaders(200, -1);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    handler.shutdownNow();
  }
}
