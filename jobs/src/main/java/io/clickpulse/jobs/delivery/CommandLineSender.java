package io.clickpulse.jobs.delivery;

import io.clickpulse.jobs.clickhouse.ClickHouseJdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Random;

/**
 * Sending from the command-line tools (replay, digest): one message at a time on the retry
 * schedule, waiting between attempts, each attempt recorded in {@code alert_deliveries}.
 */
final class CommandLineSender implements AutoCloseable {
  private final DeliveryConfig config;
  private final DeliverNotifications.SerializableEnvironment environment;
  private final HttpDelivery http;
  private final SmtpDelivery smtp;
  private final RetrySchedule schedule;
  private final Random random = new Random();
  private final Connection connection;
  private final PreparedStatement insert;
  private final PreparedStatement delivered;

  CommandLineSender(
      DeliveryConfig config,
      DeliverNotifications.SerializableEnvironment environment,
      String clickhouseUrl,
      String user,
      String password)
      throws SQLException {
    this.config = config;
    this.environment = environment;
    this.http =
        new HttpDelivery(config.connectTimeout(), config.readTimeout(), config.outboundPolicy());
    this.smtp =
        new SmtpDelivery(config.connectTimeout(), config.readTimeout(), config.outboundPolicy());
    this.schedule = config.retrySchedule();
    this.connection = ClickHouseJdbc.connect(clickhouseUrl, user, password);
    this.insert = connection.prepareStatement(DeliveriesTable.INSERT);
    this.delivered = connection.prepareStatement(DeliveriesTable.WAS_DELIVERED);
  }

  /**
   * Sends until delivered or given up; {@code alertId} and {@code firstAttempt} label the records.
   * Returns whether it was delivered.
   */
  boolean send(
      String destination,
      String webhookId,
      String alertId,
      HttpDelivery.Body body,
      int firstAttempt,
      String deliveredOutcome)
      throws SQLException, InterruptedException {
    DeliveryConfig.ResolvedDestination target =
        config.resolve(destination, environment, config.outboundPolicy());
    for (int attempt = 1; ; attempt++) {
      long now = System.currentTimeMillis();
      HttpDelivery.Result result =
          "email".equals(target.type())
              ? smtp.send(target, webhookId, body, now)
              : http.send(target, webhookId, body, now);
      RetrySchedule.Outcome outcome = SmtpOutcome.classify(target.type(), result.status());
      boolean delivered = outcome == RetrySchedule.Outcome.DELIVERED;
      Duration wait =
          outcome == RetrySchedule.Outcome.RETRY
              ? schedule.next(attempt, random.nextDouble(), result.retryAfter())
              : null;
      String recorded = delivered ? deliveredOutcome : wait == null ? "dead_letter" : "retry";
      DeliveryAttempt a =
          DeliveryAttempt.of(
              webhookId, alertId, destination, firstAttempt + attempt - 1, now, result, recorded);
      DeliveriesTable.STATEMENT_BUILDER.accept(insert, a);
      insert.executeUpdate();
      System.out.printf(
          "%s -> %s: %s%n", webhookId, destination, delivered ? "delivered" : result.error());
      if (delivered || wait == null) {
        return delivered;
      }
      Thread.sleep(wait.toMillis()); // a command-line tool: waiting is its job
    }
  }

  /** Whether {@code alert_deliveries} records this notification as delivered or replayed. */
  boolean wasDelivered(String destination, String webhookId) throws SQLException {
    delivered.setString(1, destination);
    delivered.setString(2, webhookId);
    try (ResultSet rs = delivered.executeQuery()) {
      return rs.next() && rs.getLong(1) > 0;
    }
  }

  @Override
  public void close() throws SQLException {
    http.close();
    delivered.close();
    insert.close();
    connection.close();
  }
}
