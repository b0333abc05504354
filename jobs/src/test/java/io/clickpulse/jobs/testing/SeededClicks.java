package io.clickpulse.jobs.testing;

import io.clickpulse.jobs.clickhouse.ClickHouseMigrations;
import io.clickpulse.stack.ClickHouseServer;
import io.clickpulse.stack.Engines;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A database with the migrations applied and 400 known raw clicks over two days from {@code from}
 * (some inserted twice, as a replay would), so rollups and queries have answers to check.
 */
public record SeededClicks(String database, List<SeededClicks.Seed> seeds) {

  /** A link and its campaign attributes. */
  public record Link(
      String id,
      String campaign,
      String source,
      String medium,
      String utmCampaign,
      String channel) {}

  /** One seeded click. */
  public record Seed(
      String id,
      Instant time,
      Link link,
      long visitor,
      String botReason,
      int status,
      boolean test) {
    public boolean bot() {
      return !botReason.isEmpty();
    }

    public boolean error() {
      return status == 0 || status >= 400;
    }
  }

  public static final List<Link> LINKS =
      List.of(
          new Link("l1", "cmp-a", "qr", "qr", "spring", "qr"),
          new Link("l2", "cmp-a", "newsletter", "email", "spring", "email"),
          new Link("l3", "cmp-b", "youtube", "social", "launch", "social"),
          new Link("l4", "cmp-b", "google", "cpc", "launch", "paid"));

  public static SeededClicks create(ClickHouseServer clickhouse, String prefix, Instant from) {
    String db = Engines.unique(prefix);
    new ClickHouseMigrations(clickhouse.jdbcUrl(db), "default", "").apply();
    Random random = new Random(11);
    List<Seed> seeds = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      Link link = LINKS.get(random.nextInt(LINKS.size()));
      boolean bot = random.nextInt(5) == 0;
      seeds.add(
          new Seed(
              "e" + i,
              from.plusSeconds(random.nextInt(48 * 3600)),
              link,
              bot ? 1000 + random.nextInt(5) : random.nextInt(60),
              bot ? (random.nextBoolean() ? "link_preview" : "crawler") : "",
              link.id().equals("l3") && random.nextInt(8) == 0 ? 502 : 302,
              random.nextInt(30) == 0));
    }
    insert(clickhouse, db, seeds);
    insert(clickhouse, db, seeds.stream().filter(s -> s.id().hashCode() % 10 == 0).toList());
    return new SeededClicks(db, seeds);
  }

  private static void insert(ClickHouseServer clickhouse, String db, List<Seed> rows) {
    StringBuilder sql =
        new StringBuilder(
            "INSERT INTO "
                + db
                + ".clicks (event_id, event_time, link_id, campaign_id, utm_source, utm_medium,"
                + " utm_campaign, channel, is_bot, bot_reason, visitor_id, redirect_status, is_test) VALUES ");
    for (Seed s : rows) {
      Link l = s.link();
      sql.append(
          String.format(
              "('%s', %d, '%s', '%s', '%s', '%s', '%s', '%s', %b, '%s', %d, %d, %b),",
              s.id(),
              s.time().toEpochMilli(),
              l.id(),
              l.campaign(),
              l.source(),
              l.medium(),
              l.utmCampaign(),
              l.channel(),
              s.bot(),
              s.botReason(),
              s.visitor(),
              s.status(),
              s.test()));
    }
    clickhouse.query(sql.substring(0, sql.length() - 1));
  }
}
