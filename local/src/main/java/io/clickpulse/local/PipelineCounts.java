package io.clickpulse.local;

import io.clickpulse.stack.ClickHouseServer;

/**
 * What the pipeline has accounted for so far, read from ClickHouse: every event in ends up stored,
 * rejected (dead letter) or dropped as a duplicate, and each of those has its table. Clicks only:
 * the conversions' dead letters are {@link DemoOutcomes}'.
 */
record PipelineCounts(long stored, long rejected, long duplicates, long firingAlerts) {

  static PipelineCounts query(ClickHouseServer clickhouse, String database) {
    String[] values =
        clickhouse
            .query(
                "SELECT (SELECT count() FROM clicks FINAL), (SELECT count() FROM dead_letters"
                    + " FINAL WHERE topic != '"
                    + LocalRun.CONVERSIONS_TOPIC
                    + "'), (SELECT count() FROM duplicate_clicks FINAL), (SELECT"
                    + " uniqExact(alert_id) FROM alerts WHERE status = 'firing')",
                java.util.Map.of(),
                database)
            .strip()
            .split("\t");
    return new PipelineCounts(
        Long.parseLong(values[0]),
        Long.parseLong(values[1]),
        Long.parseLong(values[2]),
        Long.parseLong(values[3]));
  }

  long accountedFor() {
    return stored + rejected + duplicates;
  }
}
