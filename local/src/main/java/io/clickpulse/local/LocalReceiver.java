package io.clickpulse.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.clickpulse.jobs.delivery.WebhookSigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * Stands in for Slack and a partner's webhook endpoint during a local run: an HTTP server on
 * loopback that accepts Slack messages on {@code /slack} and Standard Webhooks on {@code /webhook},
 * checks every webhook signature, and remembers when each alert arrived.
 */
final class LocalReceiver implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One request received. */
  record Received(Instant at, String path, String webhookId, String alertId, boolean signatureOk) {}

  private final HttpServer server;
  private final String secret;
  private final WebhookSigner signer;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Map<String, Instant> firstWebhookByAlert = new ConcurrentHashMap<>();

  /** The CRM signals posted to {@code /crm} ({@code body: item}), as received, signed or not. */
  private final List<JsonNode> crmSignals = new CopyOnWriteArrayList<>();

  /** The ids of the click-feed items posted to {@code /feed} in batches (validly signed only). */
  private final List<String> feedItems = new CopyOnWriteArrayList<>();

  LocalReceiver() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    this.secret = WebhookSigner.SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
    this.signer = new WebhookSigner(List.of(secret));
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/slack", this::slack);
    server.createContext("/webhook", this::webhook);
    server.createContext("/crm", this::crm);
    server.createContext("/feed", this::feed);
    server.setExecutor(Executors.newFixedThreadPool(2, r -> daemon(r)));
    server.start();
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** The webhook signing secret, generated for this run (it goes to a file, never to a log). */
  String secret() {
    return secret;
  }

  List<Received> received() {
    return new ArrayList<>(received);
  }

  long count(String path) {
    return received.stream().filter(r -> r.path().equals(path)).count();
  }

  /**
   * When the first webhook about an alert arrived (its firing, or only its resolution if it
   * resolved within the group wait), or null.
   */
  Instant webhookArrival(String alertId) {
    return firstWebhookByAlert.get(alertId);
  }

  /** Validly signed CRM signals received, each as its JSON body, in arrival order. */
  List<JsonNode> crmSignals() {
    return List.copyOf(crmSignals);
  }

  /** Ids of the click-feed items received in validly signed batches, in arrival order. */
  List<String> feedItems() {
    return List.copyOf(feedItems);
  }

  /** A feed with {@code body: item}: each CRM signal alone, its signal id the webhook-id. */
  private void crm(HttpExchange exchange) throws IOException {
    String body = readBody(exchange);
    boolean ok = signed(exchange, body);
    if (ok) {
      crmSignals.add(JSON.readTree(body));
    }
    received.add(
        new Received(
            Instant.now(), "/crm", exchange.getRequestHeaders().getFirst("webhook-id"), null, ok));
    answer(exchange, ok ? 204 : 401, "");
  }

  /** A batch feed: {@code {"feed": name, "items": [...]}}, each item with its {@code id}. */
  private void feed(HttpExchange exchange) throws IOException {
    String body = readBody(exchange);
    boolean ok = signed(exchange, body);
    if (ok) {
      for (JsonNode item : JSON.readTree(body).path("items")) {
        feedItems.add(item.path("id").asText());
      }
    }
    received.add(
        new Received(
            Instant.now(), "/feed", exchange.getRequestHeaders().getFirst("webhook-id"), null, ok));
    answer(exchange, ok ? 204 : 401, "");
  }

  private boolean signed(HttpExchange exchange, String body) {
    String id = exchange.getRequestHeaders().getFirst("webhook-id");
    String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
    String signatures = exchange.getRequestHeaders().getFirst("webhook-signature");
    return id != null
        && timestamp != null
        && signatures != null
        && valid(id, timestamp, body, signatures);
  }

  private void slack(HttpExchange exchange) throws IOException {
    readBody(exchange);
    received.add(new Received(Instant.now(), "/slack", null, null, true));
    answer(exchange, 200, "ok");
  }

  private void webhook(HttpExchange exchange) throws IOException {
    String body = readBody(exchange);
    String id = exchange.getRequestHeaders().getFirst("webhook-id");
    String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
    String signatures = exchange.getRequestHeaders().getFirst("webhook-signature");
    boolean ok =
        id != null
            && timestamp != null
            && signatures != null
            && valid(id, timestamp, body, signatures);
    String alertId = null;
    if (ok) {
      // A group notification lists its alerts (docs/schemas/webhook-v1.schema.json).
      for (JsonNode alert : JSON.readTree(body).path("data").path("alerts")) {
        alertId = alert.path("alert_id").asText(null);
        if (alertId != null) {
          firstWebhookByAlert.putIfAbsent(alertId, Instant.now());
        }
      }
    }
    received.add(new Received(Instant.now(), "/webhook", id, alertId, ok));
    answer(exchange, ok ? 204 : 401, "");
  }

  private boolean valid(String id, String timestamp, String body, String signatures) {
    try {
      String expected = signer.signature(id, Long.parseLong(timestamp), body);
      return List.of(signatures.split(" ")).contains(expected);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String readBody(HttpExchange exchange) throws IOException {
    return new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
  }

  private static void answer(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
    exchange.close();
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "local-receiver");
    t.setDaemon(true);
    return t;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
