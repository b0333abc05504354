package io.clickpulse.jobs.delivery;

import io.clickpulse.jobs.clickhouse.ClickHouseJdbc;
import io.clickpulse.jobs.clickhouse.ClickHouseSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * The scheduled digest against ClickHouse: reads the digest, sends it like the {@code digest}
 * command (each attempt in {@code alert_deliveries}, retried on the file's schedule) and records
 * every destination that got it in {@code digest_sends} (V016), which is what a job started without
 * a savepoint reads.
 */
public final class DigestSends implements DigestScheduleSender {
  private static final long serialVersionUID = 1L;

  static final String LAST_SENT =
      "SELECT toUnixTimestamp64Milli(max(period_end)) FROM digest_sends WHERE route = ?";
  static final String SENT_TO =
      "SELECT count() FROM digest_sends WHERE route = ? AND period_end = ? AND destination = ?";
  static final String INSERT =
      "INSERT INTO digest_sends (route, period_end, destination, period_start, time_zone,"
          + " webhook_id, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?)";

  private final DeliveryConfig config;
  private final DeliverNotifications.SerializableEnvironment environment;
  private final ClickHouseSettings clickhouse;

  public DigestSends(
      DeliveryConfig config,
      DeliverNotifications.SerializableEnvironment environment,
      ClickHouseSettings clickhouse) {
    this.config = config;
    this.environment = environment;
    this.clickhouse = clickhouse;
  }

  @Override
  public Instant lastSent(String route) throws SQLException {
    try (Connection c = connect();
        PreparedStatement ps = c.prepareStatement(LAST_SENT)) {
      ps.setString(1, route);
      try (ResultSet rs = ps.executeQuery()) {
        // max() of no rows is the epoch (the column's default), not NULL.
        if (!rs.next()) {
          return null;
        }
        long last = rs.getLong(1);
        return last <= 0 ? null : Instant.ofEpochMilli(last);
      }
    }
  }

  @Override
  public boolean send(String route, DigestPeriod period, List<String> destinations)
      throws Exception {
    Digest digest =
        Digest.query(clickhouse.url(), clickhouse.user(), clickhouse.password(), period);
    boolean all = true;
    try (Connection c = connect();
        PreparedStatement sentTo = c.prepareStatement(SENT_TO);
        PreparedStatement insert = c.prepareStatement(INSERT);
        CommandLineSender sender =
            new CommandLineSender(
                config, environment, clickhouse.url(), clickhouse.user(), clickhouse.password())) {
      for (String destination : destinations) {
        sentTo.setString(1, route);
        ClickHouseJdbc.setInstant(sentTo, 2, period.end().toEpochMilli());
        sentTo.setString(3, destination);
        try (ResultSet rs = sentTo.executeQuery()) {
          if (rs.next() && rs.getLong(1) > 0) {
            continue; // sent before a restart that lost the state
          }
        }
        String id = webhookId(destination, route, period);
        if (!sender.send(destination, id, id, DigestCommand.body(digest), 1, "delivered")) {
          all = false;
          continue;
        }
        insert.setString(1, route);
        ClickHouseJdbc.setInstant(insert, 2, period.end().toEpochMilli());
        insert.setString(3, destination);
        ClickHouseJdbc.setInstant(insert, 4, period.start().toEpochMilli());
        insert.setString(5, period.zone().getId());
        insert.setString(6, id);
        ClickHouseJdbc.setInstant(insert, 7, System.currentTimeMillis());
        insert.executeUpdate();
      }
    }
    return all;
  }

  /** {@code digest.<destination>.<route>.<period end in UTC>}: the same on every resend. */
  static String webhookId(String destination, String route, DigestPeriod period) {
    return "digest." + destination + "." + route + "." + period.id();
  }

  private Connection connect() throws SQLException {
    return ClickHouseJdbc.connect(clickhouse.url(), clickhouse.user(), clickhouse.password());
  }
}
