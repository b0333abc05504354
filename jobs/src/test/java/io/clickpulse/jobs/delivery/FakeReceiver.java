package io.clickpulse.jobs.delivery;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on loopback that behaves like Slack or a webhook receiver: it answers each
 * request with the next scripted response (then 200s) and records what it got.
 */
public final class FakeReceiver implements AutoCloseable {
  /** A scripted answer: status, optional Retry-After, and a delay before answering. */
  public record Reply(int status, String retryAfter, long delayMillis) {
    public static Reply status(int status) {
      return new Reply(status, null, 0);
    }
  }

  /** What a request carried. */
  public record Request(String path, Map<String, List<String>> headers, String body) {
    public String header(String name) {
      List<String> values = headers.get(name);
      return values == null ? null : values.get(0);
    }
  }

  private final HttpServer server;
  private final ConcurrentLinkedQueue<Reply> script = new ConcurrentLinkedQueue<>();
  public final List<Request> requests = Collections.synchronizedList(new ArrayList<>());

  public FakeReceiver() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.start();
  }

  public FakeReceiver then(Reply... replies) {
    script.addAll(List.of(replies));
    return this;
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Map<String, List<String>> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, List.copyOf(v)));
    requests.add(new Request(exchange.getRequestURI().getPath(), headers, body));
    Reply reply = script.poll();
    if (reply == null) {
      reply = Reply.status(200);
    }
    if (reply.delayMillis() > 0) {
      try {
        Thread.sleep(reply.delayMillis()); // the receiver is slow on purpose
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (reply.retryAfter() != null) {
      exchange.getResponseHeaders().add("Retry-After", reply.retryAfter());
    }
    byte[] response = ("status " + reply.status()).getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(reply.status(), response.length);
    exchange.getResponseBody().write(response);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
