package io.clickpulse.jobs.delivery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clickpulse.jobs.clickhouse.ClickHouseJdbc;
import io.clickpulse.jobs.json.Json;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The daily digest: yesterday's top links, fastest growing links, links with redirect errors, and
 * campaign links that got no clicks, from the hourly rollups. Rendered for Slack or as a webhook.
 */
public record Digest(
    LocalDate day,
    List<String> topLinks,
    List<String> fastestGrowing,
    List<String> linksWithErrors,
    List<String> silentCampaignLinks) {

  private static final int TOP = 5;

  /** Reads the digest of {@code day} (UTC) from the database in {@code jdbcUrl}. */
  public static Digest query(String jdbcUrl, String user, String password, LocalDate day) {
    String today = "toDate('" + day + "')";
    String range = "hour >= toDateTime(" + today + ") AND hour < toDateTime(" + today + " + 1)";
    try (Connection c = ClickHouseJdbc.connect(jdbcUrl, user, password);
        Statement st = c.createStatement()) {
      return new Digest(
          day,
          lines(
              st,
              "SELECT link_id, ': ' || toString(uniqExactMergeIf(clicks, NOT is_bot)) || ' human clicks'"
                  + " FROM clicks_hourly WHERE "
                  + range
                  + " GROUP BY link_id ORDER BY uniqExactMergeIf(clicks, NOT is_bot) DESC, link_id LIMIT "
                  + TOP),
          lines(
              st,
              "SELECT link_id, ': ' || toString(now_) || ' vs ' || toString(before) || ' the day before' FROM"
                  + " (SELECT link_id, uniqExactMergeIf(clicks, toDate(hour) = "
                  + today
                  + " AND NOT is_bot) AS now_,"
                  + " uniqExactMergeIf(clicks, toDate(hour) = "
                  + today
                  + " - 1 AND NOT is_bot) AS before"
                  + " FROM clicks_hourly WHERE hour >= toDateTime("
                  + today
                  + " - 1) AND hour < toDateTime("
                  + today
                  + " + 1)"
                  + " GROUP BY link_id) WHERE now_ >= 10 AND now_ > 2 * before"
                  + " ORDER BY now_ / greatest(before, 1) DESC, link_id LIMIT "
                  + TOP),
          lines(
              st,
              "SELECT link_id, ': ' || toString(uniqExactMerge(redirect_errors)) || ' failed redirects of '"
                  + " || toString(uniqExactMerge(clicks)) FROM clicks_hourly WHERE "
                  + range
                  + " GROUP BY link_id HAVING uniqExactMerge(redirect_errors) > 0"
                  + " ORDER BY uniqExactMerge(redirect_errors) DESC, link_id LIMIT "
                  + TOP),
          lines(
              st,
              "SELECT link_id, ' (' || campaign_id || ')' FROM clicks_hourly"
                  + " WHERE campaign_id != '' AND hour >= toDateTime("
                  + today
                  + " - 7) AND hour < toDateTime("
                  + today
                  + " + 1)"
                  + " GROUP BY link_id, campaign_id HAVING uniqExactMergeIf(clicks, toDate(hour) = "
                  + today
                  + ") = 0"
                  + " ORDER BY link_id LIMIT "
                  + TOP));
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Cannot read the digest from ClickHouse: " + e.getMessage(), e);
    }
  }

  /**
   * Rows of (link id, rest of the line), the link named by its campaign name where the link catalog
   * knows one (view {@code link_names}, docs/links.md): "Spring Sale (lnk-1): 20 ...".
   */
  private static List<String> lines(Statement st, String sql) throws SQLException {
    List<String[]> rows = new ArrayList<>();
    try (ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        rows.add(new String[] {rs.getString(1), rs.getString(2)});
      }
    }
    Map<String, String> names = new HashMap<>();
    if (!rows.isEmpty()) {
      String ids =
          rows.stream()
              .map(r -> "'" + r[0].replace("\\", "\\\\").replace("'", "\\'") + "'")
              .collect(Collectors.joining(", "));
      try (ResultSet rs =
          st.executeQuery(
              "SELECT link_id, campaign_name FROM link_names WHERE campaign_name != ''"
                  + " AND link_id IN ("
                  + ids
                  + ")")) {
        while (rs.next()) {
          names.put(rs.getString(1), rs.getString(2));
        }
      }
    }
    return rows.stream()
        .map(r -> (names.containsKey(r[0]) ? names.get(r[0]) + " (" + r[0] + ")" : r[0]) + r[1])
        .toList();
  }

  /** A Block Kit message: one section per list. */
  public String slack() {
    ObjectNode message = Json.MAPPER.createObjectNode();
    message.put("text", "ClickPulse daily digest for " + day);
    ArrayNode blocks = message.putArray("blocks");
    blocks
        .addObject()
        .put("type", "header")
        .putObject("text")
        .put("type", "plain_text")
        .put("text", "ClickPulse digest, " + day);
    section(blocks, "Top links", topLinks);
    section(blocks, "Fastest growing", fastestGrowing);
    section(blocks, "Links with redirect errors", linksWithErrors);
    section(blocks, "Campaign links with no clicks", silentCampaignLinks);
    return message.toString();
  }

  /** The webhook body: {@code {type: "digest.daily", timestamp, data}}. */
  public String webhook(long sentAtMillis) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("type", "digest.daily");
    body.put("timestamp", java.time.Instant.ofEpochMilli(sentAtMillis).toString());
    ObjectNode data = body.putObject("data");
    data.put("day", day.toString());
    data.set("top_links", Json.MAPPER.valueToTree(topLinks));
    data.set("fastest_growing", Json.MAPPER.valueToTree(fastestGrowing));
    data.set("links_with_errors", Json.MAPPER.valueToTree(linksWithErrors));
    data.set("silent_campaign_links", Json.MAPPER.valueToTree(silentCampaignLinks));
    return body.toString();
  }

  private static void section(ArrayNode blocks, String title, List<String> lines) {
    String text =
        "*"
            + title
            + "*\n"
            + (lines.isEmpty()
                ? "none"
                : "• " + String.join("\n• ", lines.stream().map(Messages::escape).toList()));
    blocks
        .addObject()
        .put("type", "section")
        .putObject("text")
        .put("type", "mrkdwn")
        .put("text", Messages.truncate(text, Messages.SECTION_MAX));
  }
}
