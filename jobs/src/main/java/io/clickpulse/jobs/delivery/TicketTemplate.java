package io.clickpulse.jobs.delivery;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clickpulse.jobs.alert.Alert;
import io.clickpulse.jobs.alert.AlertContext;
import io.clickpulse.jobs.json.Json;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The requests of one ticketing API, and how to read its answers: a template per API, documented
 * request by request in docs/delivery.md ("Tickets"). Plain Java, no I/O.
 *
 * <p>Every ticket carries an idempotency marker, a line {@code clickpulse-alert-id: <id>} in its
 * body (hidden in an HTML comment on GitHub), and on Jira also the label {@code
 * clickpulse-alert-<id>}: before opening, the operator searches the open tickets for it, so a
 * ticket whose opening answer was lost (a timeout, a restart) is found instead of opened twice.
 */
public abstract class TicketTemplate {
  /** One HTTP request; the credentials are in {@link #headers()}, never here. */
  public record Request(String method, String url, String json) {}

  /** What a comment says. */
  public enum Comment {
    /** The alert fired again (at most one comment per hour). */
    REPEAT,
    /** The alert resolved; a close follows. */
    RESOLVED
  }

  /** Titles: GitHub allows 256 characters, Jira summaries 255. */
  static final int TITLE_MAX = 200;

  /** Bodies stay far below GitHub's 65,536 and Jira's 32,767 characters. */
  static final int BODY_MAX = 20_000;

  /** GitHub: open tickets listed per search page (a page stays within the 64 KB answer cap). */
  static final int SEARCH_PAGE = 10;

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  final TicketSettings settings;

  TicketTemplate(TicketSettings settings) {
    this.settings = settings;
  }

  public static TicketTemplate of(TicketSettings settings) {
    return settings.api() == TicketSettings.Api.GITHUB ? new GitHub(settings) : new Jira(settings);
  }

  /** The headers of every request, with the credentials. */
  public abstract Map<String, String> headers();

  /** Lists the open tickets that may carry {@code alertId}'s marker. */
  public abstract Request search(String alertId);

  /** The open ticket with {@code alertId}'s marker in a search answer, or null. */
  public abstract String found(String body, String alertId);

  public abstract Request open(Alert a);

  /** The new ticket's number or key, from the answer to {@link #open}. */
  public abstract String opened(String body);

  public abstract Request comment(String ticket, Alert a, Comment kind, long nowMillis);

  public abstract Request close(String ticket);

  /** The marker line: ids are hex, anything else is replaced so it stays one searchable token. */
  public static String marker(String alertId) {
    return "clickpulse-alert-id: " + safeId(alertId);
  }

  static String safeId(String alertId) {
    return alertId == null ? "" : alertId.replaceAll("[^A-Za-z0-9_.-]", "_");
  }

  /** The plain-text title: rule, subject and short URL; control characters never reach it. */
  static String title(Alert a) {
    AlertContext c = a.context == null ? new AlertContext() : a.context;
    String subject = a.subjectType + " " + a.subjectId;
    if (!c.shortUrl.isEmpty()) {
      subject += " (" + c.shortUrl + ")";
    }
    String title = "[ClickPulse] " + a.rule.replace('_', ' ') + " on " + subject;
    return Messages.truncate(title.replaceAll("\\p{Cntrl}", " "), TITLE_MAX);
  }

  private static String time(long millis) {
    return TIME.format(Instant.ofEpochMilli(millis)) + " UTC";
  }

  private static String oneLine(String text) {
    return text == null ? "" : text.replaceAll("[\\r\\n\\t]+", " ").replaceAll("\\p{Cntrl}", "");
  }

  /** The facts of the other messages ({@link Messages#facts}) plus status codes and destination. */
  static List<String[]> facts(Alert a) {
    List<String[]> facts = new java.util.ArrayList<>(Messages.facts(a));
    AlertContext c = a.context == null ? new AlertContext() : a.context;
    facts.add(0, new String[] {"Rule", a.rule});
    if (!c.destinationUrl.isEmpty() && !c.shortUrl.isEmpty()) {
      facts.add(2, new String[] {"Destination", c.destinationUrl});
    }
    if (!c.statusCodes.isEmpty()) {
      facts.add(
          new String[] {
            "Status codes", String.join(", ", c.statusCodes.stream().map(Object::toString).toList())
          });
    }
    return facts;
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** GitHub issues (REST API, issues: read and write). */
  static final class GitHub extends TicketTemplate {
    GitHub(TicketSettings settings) {
      super(settings);
    }

    @Override
    public Map<String, String> headers() {
      Map<String, String> h = new LinkedHashMap<>();
      h.put("Authorization", "Bearer " + settings.token());
      h.put("Accept", "application/vnd.github+json");
      h.put("X-GitHub-Api-Version", "2022-11-28");
      h.put("User-Agent", "clickpulse");
      return h;
    }

    @Override
    public Request search(String alertId) {
      return new Request(
          "GET",
          settings.url()
              + "/issues?state=open&labels="
              + encode(String.join(",", settings.labels()))
              + "&sort=created&direction=desc&per_page="
              + SEARCH_PAGE,
          null);
    }

    @Override
    public String found(String body, String alertId) {
      String marker = "<!-- " + marker(alertId) + " -->";
      for (JsonNode issue : elements(body)) {
        if (!issue.has("pull_request")
            && issue.path("body").asText("").contains(marker)
            && issue.path("number").canConvertToLong()) {
          return issue.path("number").asText();
        }
      }
      return null;
    }

    @Override
    public Request open(Alert a) {
      ObjectNode json = Json.MAPPER.createObjectNode();
      json.put("title", title(a));
      json.put("body", body(a));
      settings.labels().forEach(json.putArray("labels")::add);
      return new Request("POST", settings.url() + "/issues", json.toString());
    }

    @Override
    public String opened(String body) {
      JsonNode number = read(body).path("number");
      if (!number.canConvertToLong()) {
        throw new IllegalArgumentException("the answer has no issue number");
      }
      return number.asText();
    }

    @Override
    public Request comment(String ticket, Alert a, Comment kind, long nowMillis) {
      ObjectNode json = Json.MAPPER.createObjectNode();
      json.put("body", commentText(a, kind, nowMillis));
      return new Request(
          "POST", settings.url() + "/issues/" + number(ticket) + "/comments", json.toString());
    }

    @Override
    public Request close(String ticket) {
      return new Request(
          "PATCH", settings.url() + "/issues/" + number(ticket), "{\"state\":\"closed\"}");
    }

    private static String number(String ticket) {
      if (ticket == null || !ticket.matches("[0-9]{1,12}")) {
        throw new IllegalArgumentException("not a GitHub issue number: " + ticket);
      }
      return ticket;
    }

    /** GitHub-flavoured Markdown: a reason, a table of facts, the hidden marker. */
    static String body(Alert a) {
      StringBuilder b = new StringBuilder();
      b.append("**").append(md(a.reason)).append("**\n\n| | |\n|---|---|\n");
      for (String[] fact : facts(a)) {
        b.append("| ").append(md(fact[0])).append(" | ").append(md(fact[1])).append(" |\n");
      }
      String evidence = evidence(a);
      if (!evidence.isEmpty()) {
        b.append("\n").append(evidence).append("\n");
      }
      if (a.dashboardUrl != null && a.dashboardUrl.matches("https?://[^\\s()<>\\[\\]]+")) {
        b.append("\n[Open dashboard](").append(a.dashboardUrl).append(")\n");
      }
      String text = Messages.truncate(b.toString(), BODY_MAX);
      return text + "\n<!-- " + marker(a.alertId) + " -->\n";
    }

    private static String evidence(Alert a) {
      if (a.evidence == null || a.evidence.isEmpty()) {
        return "";
      }
      StringBuilder e = new StringBuilder("Evidence:");
      a.evidence.forEach(
          (k, v) -> e.append(" ").append(md(k)).append(" = ").append(md(v)).append(";"));
      return e.toString();
    }

    private static String commentText(Alert a, Comment kind, long nowMillis) {
      return kind == Comment.REPEAT
          ? "Still firing at "
              + time(nowMillis)
              + ": "
              + md(a.reason)
              + " (observed "
              + md(
                  Messages.facts(a).stream()
                      .filter(f -> f[0].equals("Observed"))
                      .map(f -> f[1])
                      .findFirst()
                      .orElse(""))
              + ")."
          : "Resolved at " + time(nowMillis) + ": " + md(a.reason) + "\n\nClosed by ClickPulse.";
    }

    /**
     * Markdown and HTML control characters escaped, one line; mentions ({@code @team}) and issue
     * references ({@code #12}) broken with a zero-width space, so user text notifies no one and
     * links nothing.
     */
    static String md(String text) {
      String t = oneLine(text);
      StringBuilder out = new StringBuilder(t.length() + 16);
      for (char ch : t.toCharArray()) {
        switch (ch) {
          case '&' -> out.append("&amp;");
          case '<' -> out.append("&lt;");
          case '>' -> out.append("&gt;");
          case '@', '#' -> out.append(ch).append('\u200B');
          case '\\', '`', '*', '_', '{', '}', '[', ']', '(', ')', '+', '-', '!', '|', '~' ->
              out.append('\\').append(ch);
          default -> out.append(ch);
        }
      }
      return out.toString();
    }
  }

  /** Jira (REST API v2, wiki-markup text): Browse, Create issues, Add comments, Transition. */
  static final class Jira extends TicketTemplate {
    Jira(TicketSettings settings) {
      super(settings);
    }

    @Override
    public Map<String, String> headers() {
      Map<String, String> h = new LinkedHashMap<>();
      String token = settings.token();
      // Jira Cloud: "email:api-token" as Basic; Jira Data Center: a personal access token.
      h.put(
          "Authorization",
          token.contains(":")
              ? "Basic "
                  + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8))
              : "Bearer " + token);
      h.put("Accept", "application/json");
      return h;
    }

    private boolean cloud() {
      String host = java.net.URI.create(settings.url()).getHost();
      return host != null && host.toLowerCase(java.util.Locale.ROOT).endsWith(".atlassian.net");
    }

    static String label(String alertId) {
      return "clickpulse-alert-" + safeId(alertId);
    }

    @Override
    public Request search(String alertId) {
      String jql =
          "project = \""
              + settings.project()
              + "\" AND labels = \""
              + label(alertId)
              + "\" AND statusCategory != Done ORDER BY created DESC";
      // Jira Cloud removed /search in 2025 (CHANGE-2046) for /search/jql; Data Center has /search.
      String search = cloud() ? "/rest/api/2/search/jql?jql=" : "/rest/api/2/search?jql=";
      return new Request(
          "GET", settings.url() + search + encode(jql) + "&fields=key&maxResults=5", null);
    }

    @Override
    public String found(String body, String alertId) {
      for (JsonNode issue : read(body).path("issues")) {
        String key = issue.path("key").asText("");
        if (key.matches("[A-Z][A-Z0-9_]*-[0-9]+")) {
          return key;
        }
      }
      return null;
    }

    @Override
    public Request open(Alert a) {
      ObjectNode json = Json.MAPPER.createObjectNode();
      ObjectNode fields = json.putObject("fields");
      fields.putObject("project").put("key", settings.project());
      fields.put("summary", title(a));
      fields.put("description", body(a));
      fields.putObject("issuetype").put("name", "Bug");
      var labels = fields.putArray("labels");
      settings.labels().forEach(labels::add);
      labels.add(label(a.alertId));
      return new Request("POST", settings.url() + "/rest/api/2/issue", json.toString());
    }

    @Override
    public String opened(String body) {
      String key = read(body).path("key").asText("");
      if (!key.matches("[A-Z][A-Z0-9_]*-[0-9]+")) {
        throw new IllegalArgumentException("the answer has no issue key");
      }
      return key;
    }

    @Override
    public Request comment(String ticket, Alert a, Comment kind, long nowMillis) {
      ObjectNode json = Json.MAPPER.createObjectNode();
      json.put(
          "body",
          kind == Comment.REPEAT
              ? "Still firing at " + time(nowMillis) + ": " + wiki(a.reason)
              : "Resolved at "
                  + time(nowMillis)
                  + ": "
                  + wiki(a.reason)
                  + "\n\nClosed by ClickPulse.");
      return new Request(
          "POST",
          settings.url() + "/rest/api/2/issue/" + key(ticket) + "/comment",
          json.toString());
    }

    @Override
    public Request close(String ticket) {
      ObjectNode json = Json.MAPPER.createObjectNode();
      json.putObject("transition").put("id", settings.closeTransition());
      return new Request(
          "POST",
          settings.url() + "/rest/api/2/issue/" + key(ticket) + "/transitions",
          json.toString());
    }

    private static String key(String ticket) {
      if (ticket == null || !ticket.matches("[A-Z][A-Z0-9_]*-[0-9]+")) {
        throw new IllegalArgumentException("not a Jira issue key: " + ticket);
      }
      return ticket;
    }

    /** Jira wiki markup: the reason, a table of facts, the marker line. */
    static String body(Alert a) {
      StringBuilder b = new StringBuilder();
      b.append("*").append(wiki(a.reason)).append("*\n\n||Field||Value||\n");
      for (String[] fact : facts(a)) {
        String value = fact[1] == null || fact[1].isEmpty() ? " " : wiki(fact[1]);
        b.append("|").append(wiki(fact[0])).append("|").append(value).append("|\n");
      }
      if (a.dashboardUrl != null && a.dashboardUrl.matches("https?://[^\\s|\\[\\]]+")) {
        b.append("\n[Open dashboard|").append(a.dashboardUrl).append("]\n");
      }
      return Messages.truncate(b.toString(), BODY_MAX) + "\n" + marker(a.alertId) + "\n";
    }

    /** Wiki-markup characters escaped, one line: user text links, mentions and formats nothing. */
    static String wiki(String text) {
      String t = oneLine(text);
      StringBuilder out = new StringBuilder(t.length() + 16);
      for (char ch : t.toCharArray()) {
        if ("\\*_?-+^~|!{}[]#@".indexOf(ch) >= 0) {
          out.append('\\');
        }
        out.append(ch);
      }
      return out.toString();
    }
  }

  private static JsonNode read(String body) {
    try {
      return Json.MAPPER.readTree(body == null ? "" : body);
    } catch (IOException e) {
      throw new IllegalArgumentException("the answer is not JSON");
    }
  }

  /**
   * The complete objects of a JSON array, reading as far as the body goes: a listing cut at the 64
   * KB cap still yields the tickets before the cut.
   */
  static List<JsonNode> elements(String body) {
    List<JsonNode> out = new java.util.ArrayList<>();
    try (JsonParser p = Json.MAPPER.createParser(body == null ? "" : body)) {
      if (p.nextToken() != JsonToken.START_ARRAY) {
        throw new IllegalArgumentException("the answer is not a JSON array");
      }
      while (p.nextToken() == JsonToken.START_OBJECT) {
        out.add(p.readValueAsTree());
      }
    } catch (IOException cut) {
      // The rest was beyond the cap: what was read counts.
    }
    return out;
  }
}
