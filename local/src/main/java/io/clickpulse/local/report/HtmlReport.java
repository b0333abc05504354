package io.clickpulse.local.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes {@code report.html} for a run from ClickHouse queries: one self-contained page (no
 * network) with traffic by source, human vs bot clicks, top links, alerts on the timeline and the
 * planted incidents. The query results are embedded as JSON and drawn into inline SVG by a small
 * script in the page; tables and text are rendered here, HTML-escaped.
 */
public final class HtmlReport {
  private final Function<String, String> query;
  private final String database;

  /**
   * @param query runs one SQL statement against ClickHouse over HTTP and returns the response body,
   *     e.g. {@code io.clickpulse.stack.ClickHouseServer::query}
   * @param database the database holding the {@code clicks} and {@code alerts} tables
   */
  public HtmlReport(Function<String, String> query, String database) {
    this.query = query;
    this.database = ReportQueries.requirePlainName(database);
  }

  /**
   * Writes the report for clicks with event time in [{@code from}, {@code to}].
   *
   * @param summary preformatted lines (the reconciliation etc.) shown at the top
   * @return the file written
   */
  public Path write(
      Path file, Instant from, Instant to, List<String> summary, List<IncidentOutcome> incidents) {
    ReportQueries sql = new ReportQueries(database, from, to);
    List<ObjectNode> traffic = JsonRows.query(query, sql.trafficBySource());
    List<ObjectNode> humansAndBots = JsonRows.query(query, sql.humansAndBotsBySource());
    List<ObjectNode> topLinks = JsonRows.query(query, sql.topLinks());
    List<ObjectNode> alerts = JsonRows.query(query, sql.alerts());
    List<ObjectNode> lifecycle = JsonRows.query(query, sql.lifecycleAlerts());
    List<ObjectNode> conversions = JsonRows.query(query, sql.conversions());
    List<ObjectNode> crmSignals = JsonRows.query(query, sql.crmSignals());

    ObjectNode data = JsonRows.MAPPER.createObjectNode();
    data.put("from", from.toEpochMilli());
    data.put("to", to.toEpochMilli());
    data.putArray("traffic").addAll(traffic);
    data.putArray("humansAndBots").addAll(humansAndBots);
    data.putArray("topLinks").addAll(topLinks);
    data.putArray("alerts").addAll(alerts);

    long humans = humansAndBots.stream().mapToLong(r -> r.path("humans").asLong()).sum();
    long bots = humansAndBots.stream().mapToLong(r -> r.path("bots").asLong()).sum();
    Map<String, String> slots = new HashMap<>();
    slots.put("database", Html.escape(database));
    slots.put("range", range(from, to));
    slots.put("generated", Html.escape(Html.dateTime(Instant.now())));
    slots.put("summary", summary(summary));
    slots.put("keyFigures", KeyFigures.html(humans, bots, humansAndBots.size(), alerts, incidents));
    slots.put("humanBotOverall", KeyFigures.humansAndBots(humans, bots));
    slots.put("sqlTraffic", Html.escape(sql.trafficBySource()));
    slots.put("sqlHumansAndBots", Html.escape(sql.humansAndBotsBySource()));
    slots.put("sqlTopLinks", Html.escape(sql.topLinks()));
    slots.put("sqlAlerts", Html.escape(sql.alerts()));
    slots.put("alertTable", AlertTable.html(alerts));
    slots.put("sqlLifecycle", Html.escape(sql.lifecycleAlerts()));
    slots.put("lifecycleTable", LifecycleTable.html(lifecycle));
    slots.put("incidentTable", IncidentTable.html(incidents));
    slots.put("sqlConversions", Html.escape(sql.conversions()));
    slots.put("conversionTable", ConversionTables.conversions(conversions));
    slots.put("sqlCrmSignals", Html.escape(sql.crmSignals()));
    slots.put("crmSignalTable", ConversionTables.crmSignals(crmSignals));
    slots.put("data", scriptSafeJson(data));
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Files.writeString(file, ReportTemplate.fill(slots), StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the report " + file, e);
    }
  }

  private static String range(Instant from, Instant to) {
    // A range ending at 09:19:59.999 is 20 minutes to a reader, not 19.
    long minutes = Math.round(Duration.between(from, to).toMillis() / 60_000.0);
    return Html.escape(
        Html.dateTime(from) + " – " + Html.dateTime(to) + " UTC (" + minutes + " min)");
  }

  private static String summary(List<String> lines) {
    if (lines.isEmpty()) {
      return "";
    }
    return "<pre class=\"summary\" id=\"summary\">"
        + Html.escape(String.join("\n", lines))
        + "</pre>";
  }

  /**
   * JSON for a {@code <script type="application/json">} element. {@code <} appears only inside
   * strings in JSON, and as {@code \u003c} no value can close the script element or open a comment.
   */
  static String scriptSafeJson(ObjectNode data) {
    try {
      return JsonRows.MAPPER.writeValueAsString(data).replace("<", "\\u003c");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
