package io.clickpulse.jobs.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.clickpulse.jobs.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local imitation of GitHub's issues REST API for one repository ({@code /repos/acme/links}): it
 * lists, opens, comments on and closes issues, keeping them in memory, and checks every request as
 * GitHub would (method, path, the bearer token, the API headers, the JSON body's shape). A request
 * that fails a check is answered 422 and recorded in {@link #problems}. Failures can be scripted.
 */
public final class FakeGitHub implements AutoCloseable {
  public static final String REPO = "/repos/acme/links";

  /** One request as received. */
  public record Request(String method, String path, String authorization, String body) {
    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  /** An issue as the fake keeps it. */
  public static final class Issue {
    public final int number;
    public final String title;
    public final String body;
    public final List<String> labels;
    public final List<String> comments = Collections.synchronizedList(new ArrayList<>());
    public volatile String state = "open";

    Issue(int number, String title, String body, List<String> labels) {
      this.number = number;
      this.title = title;
      this.body = body;
      this.labels = labels;
    }
  }

  private static final Pattern ISSUE = Pattern.compile(REPO + "/issues/([0-9]+)");
  private static final Pattern COMMENTS = Pattern.compile(REPO + "/issues/([0-9]+)/comments");

  public final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
  public final List<String> problems = Collections.synchronizedList(new ArrayList<>());
  public final Map<Integer, Issue> issues = Collections.synchronizedMap(new TreeMap<>());

  private final String token;
  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final ConcurrentLinkedQueue<Integer> failures = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Integer> rateLimits = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Integer> openFailures = new ConcurrentLinkedQueue<>();
  private volatile CountDownLatch holdOpenAnswer;

  public FakeGitHub(String token) {
    this.token = token;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The base URL a ticket destination names. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + REPO;
  }

  /** The next requests are answered with these statuses (and change nothing). */
  public FakeGitHub fail(int... statuses) {
    for (int s : statuses) {
      failures.add(s);
    }
    return this;
  }

  /** The next request is refused as GitHub's secondary rate limit does: 403 and Retry-After. */
  public FakeGitHub rateLimit(int retryAfterSeconds) {
    rateLimits.add(retryAfterSeconds);
    return this;
  }

  /**
   * The next opens create their issue and then answer with these statuses: an answer lost after
   * GitHub acted (a gateway error, a timeout).
   */
  public FakeGitHub failOpensAfterCreating(int... statuses) {
    for (int s : statuses) {
      openFailures.add(s);
    }
    return this;
  }

  /** Opens issues but holds the answer until the returned latch is counted down. */
  public CountDownLatch holdOpenAnswers() {
    holdOpenAnswer = new CountDownLatch(1);
    return holdOpenAnswer;
  }

  public List<String> methodsAndPaths() {
    synchronized (requests) {
      return requests.stream().map(Request::toString).toList();
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getRawPath();
    String query = exchange.getRequestURI().getRawQuery();
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    requests.add(
        new Request(method, query == null ? path : path + "?" + query, authorization, body));
    try {
      String problem = check(exchange, authorization);
      if (problem != null) {
        problems.add(method + " " + path + ": " + problem);
        answer(exchange, problem.startsWith("401") ? 401 : 422, "{\"message\":\"bad\"}");
        return;
      }
      Integer wait = rateLimits.poll();
      if (wait != null) {
        exchange.getResponseHeaders().set("Retry-After", String.valueOf(wait));
        answer(exchange, 403, "{\"message\":\"You have exceeded a secondary rate limit\"}");
        return;
      }
      Integer failure = failures.poll();
      if (failure != null) {
        answer(exchange, failure, "{\"message\":\"scripted failure\"}");
        return;
      }
      route(exchange, method, path, query, body);
    } catch (RuntimeException | InterruptedException e) {
      problems.add(method + " " + path + ": " + e);
      answer(exchange, 422, "{\"message\":\"unreadable\"}");
    }
  }

  private String check(HttpExchange exchange, String authorization) {
    if (!("Bearer " + token).equals(authorization)) {
      return "401 wrong or missing bearer token";
    }
    if (!"application/vnd.github+json".equals(exchange.getRequestHeaders().getFirst("Accept"))) {
      return "Accept is not application/vnd.github+json";
    }
    if (!"2022-11-28".equals(exchange.getRequestHeaders().getFirst("X-GitHub-Api-Version"))) {
      return "X-GitHub-Api-Version is not 2022-11-28";
    }
    return null;
  }

  private void route(HttpExchange exchange, String method, String path, String query, String body)
      throws IOException, InterruptedException {
    Matcher issue = ISSUE.matcher(path);
    Matcher comments = COMMENTS.matcher(path);
    if (method.equals("GET") && path.equals(REPO + "/issues")) {
      list(exchange, query);
    } else if (method.equals("POST") && path.equals(REPO + "/issues")) {
      open(exchange, body);
    } else if (method.equals("POST") && comments.matches()) {
      Issue i = existing(comments.group(1));
      JsonNode json = Json.MAPPER.readTree(body);
      require(json.path("body").isTextual() && json.size() == 1, "comment: {body} only");
      i.comments.add(json.get("body").asText());
      answer(exchange, 201, "{\"id\":" + (1000 + i.comments.size()) + "}");
    } else if (method.equals("PATCH") && issue.matches()) {
      Issue i = existing(issue.group(1));
      JsonNode json = Json.MAPPER.readTree(body);
      require(json.equals(Json.MAPPER.readTree("{\"state\":\"closed\"}")), "close: {state}");
      i.state = "closed";
      answer(exchange, 200, issueJson(i).toString());
    } else {
      problems.add(method + " " + path + ": no such endpoint");
      answer(exchange, 404, "{\"message\":\"Not Found\"}");
    }
  }

  private void list(HttpExchange exchange, String query) throws IOException {
    Map<String, String> params = new TreeMap<>();
    for (String p : query == null ? new String[0] : query.split("&")) {
      String[] kv = p.split("=", 2);
      params.put(
          kv[0], kv.length > 1 ? java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
    }
    require("open".equals(params.get("state")), "list: state=open");
    List<String> wanted = List.of(params.getOrDefault("labels", "").split(","));
    ArrayNode out = Json.MAPPER.createArrayNode();
    synchronized (issues) {
      issues.values().stream()
          .sorted((a, b) -> b.number - a.number)
          .filter(i -> i.state.equals("open") && i.labels.containsAll(wanted))
          .forEach(i -> out.add(issueJson(i)));
    }
    answer(exchange, 200, out.toString());
  }

  private void open(HttpExchange exchange, String body) throws IOException, InterruptedException {
    JsonNode json = Json.MAPPER.readTree(body);
    require(json.path("title").isTextual() && !json.get("title").asText().isBlank(), "title");
    require(json.path("title").asText().length() <= 256, "title at most 256");
    require(json.path("body").isTextual(), "body");
    require(json.path("labels").isArray(), "labels");
    List<String> labels = new ArrayList<>();
    json.get("labels").forEach(l -> labels.add(l.asText()));
    Issue i;
    synchronized (issues) {
      i =
          new Issue(
              issues.size() + 1, json.get("title").asText(), json.get("body").asText(), labels);
      issues.put(i.number, i);
    }
    CountDownLatch hold = holdOpenAnswer;
    if (hold != null) {
      hold.await(30, TimeUnit.SECONDS);
    }
    Integer failure = openFailures.poll();
    if (failure != null) {
      answer(exchange, failure, "{\"message\":\"scripted failure after creating\"}");
      return;
    }
    answer(exchange, 201, issueJson(i).toString());
  }

  private Issue existing(String number) {
    Issue i = issues.get(Integer.parseInt(number));
    require(i != null, "no issue " + number);
    return i;
  }

  private static ObjectNode issueJson(Issue i) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("number", i.number);
    o.put("title", i.title);
    o.put("body", i.body);
    o.put("state", i.state);
    ArrayNode labels = o.putArray("labels");
    i.labels.forEach(l -> labels.addObject().put("name", l));
    return o;
  }

  private static void require(boolean ok, String what) {
    if (!ok) {
      throw new IllegalArgumentException("invalid request: " + what);
    }
  }

  private static void answer(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Override
  public void close() {
    CountDownLatch hold = holdOpenAnswer;
    if (hold != null) {
      hold.countDown();
    }
    server.stop(0);
    threads.shutdownNow();
  }
}
