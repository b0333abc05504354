package io.clickpulse.jobs.delivery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clickpulse.jobs.clickhouse.ClickHouseJdbc;
import io.clickpulse.jobs.json.Json;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A digest of one period: top links, fastest growing links, links with redirect errors, campaign
 * links that went silent, and conversions (count, rate, revenue per currency, top campaigns), from
 * the hourly rollups and the {@code conversions} table. Links and campaigns are shown by the names
 * the link catalog knows ({@code link_names}: the short URL and the campaign name), else by id.
 * Rendered for Slack, as a webhook body, or as an email ({@link EmailMessages#of(Digest)}).
 */
public record Digest(
    DigestPeriod period,
    List<String> topLinks,
    List<String> fastestGrowing,
    List<String> linksWithErrors,
    List<String> silentCampaignLinks,
    List<String> conversions,
    List<String> topCampaigns) {

  private static final int TOP = 5;

  /** A UTC day's digest without conversions (tests of the rendering). */
  public Digest(
      LocalDate day,
      List<String> topLinks,
      List<String> fastestGrowing,
      List<String> linksWithErrors,
      List<String> silentCampaignLinks) {
    this(
        DigestPeriod.utcDay(day),
        topLinks,
        fastestGrowing,
        linksWithErrors,
        silentCampaignLinks,
        List.of(),
        List.of());
  }

  /** What the period is called in titles and subjects: {@code 2026-11-21} for a UTC day. */
  public String day() {
    return period.label();
  }

  /** Reads the digest of {@code day} (UTC) from the database in {@code jdbcUrl}. */
  public static Digest query(String jdbcUrl, String user, String password, LocalDate day) {
    return query(jdbcUrl, user, password, DigestPeriod.utcDay(day));
  }

  /**
   * Reads the digest of {@code period}. The rollups are hourly: the period covers the hours that
   * start in it ({@code [start, end)} rounded down to the hour), so consecutive periods share no
   * hour. Conversions are counted over the same hours.
   */
  public static Digest query(String jdbcUrl, String user, String password, DigestPeriod period) {
    long from = hourFloor(period.start().getEpochSecond());
    long to = hourFloor(period.end().getEpochSecond());
    long length = Math.max(to - from, 3600);
    String range = hours(from, to);
    try (Connection c = ClickHouseJdbc.connect(jdbcUrl, user, password);
        Statement st = c.createStatement()) {
      List<List<String>> top =
          rows(
              st,
              "SELECT link_id, uniqExactMergeIf(clicks, NOT is_bot) AS n FROM clicks_hourly WHERE "
                  + range
                  + " GROUP BY link_id HAVING n > 0 ORDER BY n DESC, link_id LIMIT "
                  + TOP);
      List<List<String>> growing =
          rows(
              st,
              "SELECT link_id, now_, before FROM (SELECT link_id,"
                  + " uniqExactMergeIf(clicks, "
                  + hours(from, to)
                  + " AND NOT is_bot) AS now_,"
                  + " uniqExactMergeIf(clicks, "
                  + hours(from - length, from)
                  + " AND NOT is_bot) AS before FROM clicks_hourly WHERE "
                  + hours(from - length, to)
                  + " GROUP BY link_id) WHERE now_ >= 10 AND now_ > 2 * before"
                  + " ORDER BY now_ / greatest(before, 1) DESC, link_id LIMIT "
                  + TOP);
      List<List<String>> errors =
          rows(
              st,
              "SELECT link_id, uniqExactMerge(redirect_errors) AS e, uniqExactMerge(clicks)"
                  + " FROM clicks_hourly WHERE "
                  + range
                  + " GROUP BY link_id HAVING e > 0 ORDER BY e DESC, link_id LIMIT "
                  + TOP);
      List<List<String>> silent =
          rows(
              st,
              "SELECT link_id, campaign_id FROM clicks_hourly WHERE campaign_id != '' AND "
                  + hours(from - 7 * 86_400, to)
                  + " GROUP BY link_id, campaign_id HAVING uniqExactMergeIf(clicks, "
                  + range
                  + ") = 0 ORDER BY link_id LIMIT "
                  + TOP);
      String converted =
          " FROM conversions FINAL WHERE NOT is_test AND model != 'assisted' AND conversion_time"
              + " >= toDateTime64("
              + from
              + ", 3, 'UTC') AND conversion_time < toDateTime64("
              + to
              + ", 3, 'UTC')";
      long conversionCount = Long.parseLong(rows(st, "SELECT count()" + converted).get(0).get(0));
      long humanClicks =
          Long.parseLong(
              rows(
                      st,
                      "SELECT uniqExactMergeIf(clicks, NOT is_bot) FROM clicks_hourly WHERE "
                          + range)
                  .get(0)
                  .get(0));
      List<List<String>> revenue =
          rows(
              st,
              "SELECT currency, toString(sum(amount))"
                  + converted
                  + " AND currency != '' GROUP BY currency ORDER BY currency");
      List<List<String>> campaigns =
          rows(
              st,
              "SELECT campaign_id, count() AS n"
                  + converted
                  + " AND campaign_id != '' GROUP BY campaign_id ORDER BY n DESC, campaign_id"
                  + " LIMIT "
                  + TOP);

      Set<String> linkIds = new LinkedHashSet<>();
      for (List<List<String>> rows : List.of(top, growing, errors, silent)) {
        rows.forEach(r -> linkIds.add(r.get(0)));
      }
      Set<String> campaignIds = new LinkedHashSet<>();
      silent.forEach(r -> campaignIds.add(r.get(1)));
      campaigns.forEach(r -> campaignIds.add(r.get(0)));
      Map<String, List<String>> links =
          byFirst(
              rows(
                  st,
                  "SELECT link_id, short_url, campaign_name FROM link_names WHERE link_id IN "
                      + in(linkIds)));
      Map<String, List<String>> campaignNames =
          byFirst(
              rows(
                  st,
                  "SELECT campaign_id, argMax(campaign_name, latest_version) FROM link_names"
                      + " WHERE campaign_name != '' AND campaign_id IN "
                      + in(campaignIds)
                      + " GROUP BY campaign_id"));
      Names names = new Names(links, campaignNames);

      List<String> conversionLines = new ArrayList<>();
      conversionLines.add(conversionSummary(conversionCount, humanClicks));
      if (!revenue.isEmpty()) {
        conversionLines.add(
            "Revenue: "
                + revenue.stream()
                    .map(r -> money(r.get(1)) + " " + r.get(0))
                    .collect(Collectors.joining(", ")));
      }
      return new Digest(
          period,
          top.stream().map(r -> names.link(r.get(0)) + ": " + r.get(1) + " human clicks").toList(),
          growing.stream()
              .map(
                  r ->
                      names.link(r.get(0))
                          + ": "
                          + r.get(1)
                          + " vs "
                          + r.get(2)
                          + (period.isUtcDay() ? " the day before" : " the period before"))
              .toList(),
          errors.stream()
              .map(r -> names.link(r.get(0)) + ": " + r.get(1) + " failed redirects of " + r.get(2))
              .toList(),
          silent.stream()
              .map(r -> names.linkOnly(r.get(0)) + " (" + names.campaign(r.get(1)) + ")")
              .toList(),
          conversionLines,
          campaigns.stream()
              .map(
                  r ->
                      names.campaign(r.get(0))
                          + ": "
                          + r.get(1)
                          + (r.get(1).equals("1") ? " conversion" : " conversions"))
              .toList());
    } catch (SQLException | RuntimeException e) {
      throw new IllegalStateException(
          "Cannot read the digest from ClickHouse: " + e.getMessage(), e);
    }
  }

  /** "12 conversions from 400 human clicks (3.0 %)". */
  static String conversionSummary(long conversions, long humanClicks) {
    String count = conversions + (conversions == 1 ? " conversion" : " conversions");
    if (humanClicks == 0) {
      return count + ", no human clicks";
    }
    return String.format(
        Locale.ROOT,
        "%s from %d human clicks (%.1f %%)",
        count,
        humanClicks,
        100.0 * conversions / humanClicks);
  }

  /** Amounts with two decimals (more if the amount has them): 120.5 → 120.50. */
  static String money(String amount) {
    BigDecimal a = new BigDecimal(amount).stripTrailingZeros();
    return a.scale() <= 2
        ? a.setScale(2, RoundingMode.UNNECESSARY).toPlainString()
        : a.toPlainString();
  }

  /** The catalog's names for the ids in a digest; ids where it knows none. */
  record Names(Map<String, List<String>> links, Map<String, List<String>> campaigns) {
    /** The short URL, else the id; with the campaign's name when the catalog has one. */
    String link(String linkId) {
      List<String> row = links.get(linkId);
      String campaign = row == null ? "" : row.get(2);
      return linkOnly(linkId) + (campaign.isEmpty() ? "" : " (" + campaign + ")");
    }

    String linkOnly(String linkId) {
      List<String> row = links.get(linkId);
      return row == null || row.get(1).isEmpty() ? linkId : row.get(1);
    }

    String campaign(String campaignId) {
      List<String> row = campaigns.get(campaignId);
      return row == null || row.get(1).isEmpty() ? campaignId : row.get(1);
    }
  }

  private static long hourFloor(long epochSecond) {
    return Math.floorDiv(epochSecond, 3600) * 3600;
  }

  private static String hours(long from, long to) {
    return "hour >= toDateTime(" + from + ", 'UTC') AND hour < toDateTime(" + to + ", 'UTC')";
  }

  /** An IN list of string literals; ('') when empty, which matches nothing here. */
  private static String in(Collection<String> values) {
    if (values.isEmpty()) {
      return "('')";
    }
    return values.stream()
        .map(v -> "'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'")
        .collect(Collectors.joining(", ", "(", ")"));
  }

  private static Map<String, List<String>> byFirst(List<List<String>> rows) {
    Map<String, List<String>> map = new HashMap<>();
    rows.forEach(r -> map.put(r.get(0), r));
    return map;
  }

  private static List<List<String>> rows(Statement st, String sql) throws SQLException {
    List<List<String>> rows = new ArrayList<>();
    try (ResultSet rs = st.executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>(columns);
        for (int i = 1; i <= columns; i++) {
          String v = rs.getString(i);
          row.add(v == null ? "" : v);
        }
        rows.add(row);
      }
    }
    return rows;
  }

  /** A Block Kit message: one section per list. */
  public String slack() {
    ObjectNode message = Json.MAPPER.createObjectNode();
    message.put("text", "ClickPulse digest for " + day());
    ArrayNode blocks = message.putArray("blocks");
    blocks
        .addObject()
        .put("type", "header")
        .putObject("text")
        .put("type", "plain_text")
        .put("text", Messages.truncate("ClickPulse digest, " + day(), 150));
    sections().forEach((title, lines) -> section(blocks, title, lines));
    return message.toString();
  }

  /** The sections in the order every format shows them. */
  public Map<String, List<String>> sections() {
    Map<String, List<String>> s = new java.util.LinkedHashMap<>();
    s.put("Top links", topLinks);
    s.put("Fastest growing", fastestGrowing);
    s.put("Links with redirect errors", linksWithErrors);
    s.put("Campaign links with no clicks", silentCampaignLinks);
    if (!conversions.isEmpty() || !topCampaigns.isEmpty()) {
      s.put("Conversions", conversions);
      s.put("Top campaigns by conversions", topCampaigns);
    }
    return s;
  }

  /**
   * The webhook body: {@code {type: "digest.daily", timestamp, data}}; {@code data.day} is the
   * period's label, {@code period_start}/{@code period_end} its bounds.
   */
  public String webhook(long sentAtMillis) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("type", "digest.daily");
    body.put("timestamp", java.time.Instant.ofEpochMilli(sentAtMillis).toString());
    ObjectNode data = body.putObject("data");
    data.put("day", day());
    data.put("period_start", period.start().toString());
    data.put("period_end", period.end().toString());
    data.put("time_zone", period.zone().getId());
    data.set("top_links", Json.MAPPER.valueToTree(topLinks));
    data.set("fastest_growing", Json.MAPPER.valueToTree(fastestGrowing));
    data.set("links_with_errors", Json.MAPPER.valueToTree(linksWithErrors));
    data.set("silent_campaign_links", Json.MAPPER.valueToTree(silentCampaignLinks));
    data.set("conversions", Json.MAPPER.valueToTree(conversions));
    data.set("top_campaigns", Json.MAPPER.valueToTree(topCampaigns));
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
