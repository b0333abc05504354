package io.clickpulse.jobs.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.clickpulse.jobs.json.Json;
import io.clickpulse.jobs.testing.Mailboxes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The ticket operator with {@code api: jira} against a local imitation of Jira's REST API v2 (Data
 * Center paths, since the host is not {@code *.atlassian.net}) that checks each request: the
 * labelled search, the issue, the comment and the close transition.
 */
class TicketJiraTest {
  private static final String TOKEN = "ana@acme.example:JIRASECRET";
  private static final long T0 = 1_764_000_000_000L;

  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, JsonNode> issues = new ConcurrentHashMap<>();
  private final Map<String, String> status = new ConcurrentHashMap<>();
  private final List<String> comments = Collections.synchronizedList(new ArrayList<>());

  @Test
  void anIncidentOpensOneJiraIssueThenCommentsAndTransitionsItOnResolve() throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
    String url = "http://127.0.0.1:" + server.getAddress().getPort();
    String yaml =
        "destinations:\n"
            + "  jira: { type: ticket, api: jira, url: '"
            + url
            + "', token-env: JIRA, project: OPS, close-transition: '31' }\n"
            + "outbound: { allowed-hosts: ['127.0.0.1'] }\n";
    DeliverNotifications.SerializableEnvironment env = Map.of("JIRA", TOKEN)::get;
    DeliveryConfig config =
        DeliveryConfig.parse(
            new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "t.yaml", env);
    TicketFunction function = new TicketFunction(config, env);
    var harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new TicketOperator(function), TicketFunction::key, Types.STRING);
    try {
      harness.setProcessingTime(T0);
      harness.open();
      send(harness, function, "firing", "link l1: 9 of 30 clicks failed");
      send(harness, function, "resolved", "link l1 redirects again");

      assertEquals(List.of(), problems);
      assertEquals(
          List.of(
              "GET /rest/api/2/search",
              "POST /rest/api/2/issue",
              "POST /rest/api/2/issue/OPS-1/comment",
              "POST /rest/api/2/issue/OPS-1/transitions"),
          requests);
      JsonNode fields = issues.get("OPS-1").get("fields");
      assertEquals(
          "[ClickPulse] broken redirect on link l1 (https://go.acme.com/x)",
          fields.get("summary").asText());
      assertTrue(fields.get("description").asText().endsWith("clickpulse-alert-id: a1\n"));
      assertEquals("Done", status.get("OPS-1"));
      assertTrue(comments.get(0).startsWith("Resolved at"), comments.get(0));
      assertEquals(0, harness.numKeyedStateEntries());
      assertEquals(0, harness.numProcessingTimeTimers());
    } finally {
      harness.close();
      server.stop(0);
    }
  }

  private void handle(HttpExchange x) throws IOException {
    String method = x.getRequestMethod();
    String path = x.getRequestURI().getRawPath();
    String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    requests.add(method + " " + path);
    String expectedAuth =
        "Basic " + Base64.getEncoder().encodeToString(TOKEN.getBytes(StandardCharsets.UTF_8));
    if (!expectedAuth.equals(x.getRequestHeaders().getFirst("Authorization"))) {
      problems.add(path + ": authorization");
      answer(x, 401, "{}");
      return;
    }
    try {
      if (method.equals("GET") && path.equals("/rest/api/2/search")) {
        String jql =
            URLDecoder.decode(
                x.getRequestURI().getRawQuery().replaceAll(".*jql=([^&]*).*", "$1"),
                StandardCharsets.UTF_8);
        check(jql.startsWith("project = \"OPS\" AND labels = \"clickpulse-alert-a1\""), jql);
        StringBuilder found = new StringBuilder("{\"issues\":[");
        issues.forEach(
            (key, issue) -> {
              if (!"Done".equals(status.get(key))
                  && issue.at("/fields/labels").toString().contains("clickpulse-alert-a1")) {
                found.append("{\"key\":\"").append(key).append("\"}");
              }
            });
        answer(x, 200, found.append("]}").toString());
      } else if (method.equals("POST") && path.equals("/rest/api/2/issue")) {
        JsonNode issue = Json.MAPPER.readTree(body);
        check(issue.at("/fields/project/key").asText().equals("OPS"), "project");
        check(issue.at("/fields/issuetype/name").asText().equals("Bug"), "issuetype");
        check(
            issue
                .at("/fields/labels")
                .toString()
                .equals("[\"clickpulse\",\"clickpulse-alert-a1\"]"),
            "labels");
        String key = "OPS-" + (issues.size() + 1);
        issues.put(key, issue);
        answer(x, 201, "{\"id\":\"10001\",\"key\":\"" + key + "\",\"self\":\"x\"}");
      } else if (method.equals("POST") && path.equals("/rest/api/2/issue/OPS-1/comment")) {
        comments.add(Json.MAPPER.readTree(body).get("body").asText());
        answer(x, 201, "{\"id\":\"1\"}");
      } else if (method.equals("POST") && path.equals("/rest/api/2/issue/OPS-1/transitions")) {
        check(body.equals("{\"transition\":{\"id\":\"31\"}}"), body);
        status.put("OPS-1", "Done");
        x.sendResponseHeaders(204, -1);
        x.close();
      } else {
        problems.add(method + " " + path + ": no such endpoint");
        answer(x, 404, "{}");
      }
    } catch (RuntimeException e) {
      problems.add(method + " " + path + ": " + e.getMessage());
      answer(x, 400, "{}");
    }
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalArgumentException(what);
    }
  }

  private static void answer(HttpExchange x, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    x.sendResponseHeaders(status, bytes.length);
    x.getResponseBody().write(bytes);
    x.close();
  }

  private static void send(
      KeyedOneInputStreamOperatorTestHarness<String, Routed, DeliveryAttempt> harness,
      TicketFunction function,
      String status,
      String reason)
      throws Exception {
    harness.processElement(
        new StreamRecord<>(new Routed("jira", -1, TicketFunctionTest.alert("a1", status, reason))));
    harness.setProcessingTime(harness.getProcessingTime());
    while (function.requestsInFlight() > 0) {
      Mailboxes.runNext(harness.getTaskMailbox(), "request answered");
      harness.setProcessingTime(harness.getProcessingTime());
    }
  }
}
