package io.clickpulse.bench;

import io.clickpulse.jobs.metrics.Counters;
import io.clickpulse.stack.traffic.GeneratedRecord;
import io.clickpulse.stack.traffic.TrafficLedger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Each system's stored counts against the input's {@link TrafficLedger}: a system that loses,
 * repeats or invents rows shows a failed check in the results instead of a fast figure.
 */
final class LedgerChecks {
  private final BenchStack stack;
  private final String system;
  private final String database;
  private final List<LedgerCheck> checks = new ArrayList<>();

  private LedgerChecks(BenchStack stack, String system, String database) {
    this.stack = stack;
    this.system = system;
    this.database = database;
  }

  /**
   * ClickPulse: every distinct valid event once in {@code clicks}, every reject a dead letter,
   * every exact repeat in {@code duplicate_clicks}, every late click in {@code late_clicks}, the
   * other non-test clicks in the minute aggregates; the job's counters agree.
   */
  static List<LedgerCheck> pipeline(
      BenchStack stack,
      String system,
      String database,
      TrafficLedger ledger,
      FlinkJobs.Finished done) {
    LedgerChecks c = new LedgerChecks(stack, system, database);
    if (done != null) {
      c.add("Flink counter: records read", ledger.total(), done.counter(Counters.RECEIVED));
      c.add("Flink counter: accepted", ledger.expectedStored(), done.counter(Counters.ACCEPTED));
      c.add(
          "Flink counter: duplicates",
          ledger.expectedDuplicates(),
          done.counter(Counters.DUPLICATES));
    }
    c.query(
        "clicks rows (FINAL)", ledger.expectedStored(), "SELECT count() FROM {db}.clicks FINAL");
    c.query(
        "dead_letters rows (FINAL)",
        ledger.expectedRejected(),
        "SELECT count() FROM {db}.dead_letters FINAL");
    c.query(
        "duplicate_clicks rows (FINAL)",
        ledger.expectedDuplicates(),
        "SELECT count() FROM {db}.duplicate_clicks FINAL");
    c.query(
        "late_clicks rows (FINAL)",
        ledger.expectedLateClicks(),
        "SELECT count() FROM {db}.late_clicks FINAL");
    c.minuteSum("SELECT sum(clicks) FROM {db}.clicks_minute FINAL", ledger);
    return c.checks;
  }

  /**
   * The sink ceiling validates but does not deduplicate: every record that passes validation is a
   * row (valid events, their exact repeats and their conflicting repeats), each event id among them
   * once per distinct valid event.
   */
  static List<LedgerCheck> sinkCeiling(
      BenchStack stack, String database, TrafficLedger ledger, FlinkJobs.Finished done) {
    LedgerChecks c = new LedgerChecks(stack, "sink ceiling", database);
    long validated = validated(ledger);
    c.add("Flink counter: records read", ledger.total(), done.counter(Counters.RECEIVED));
    c.add(
        "Flink counter: accepted (valid + duplicates + conflicts, no dedup)",
        validated,
        done.counter(Counters.ACCEPTED));
    c.add("rows inserted into clicks (no dedup)", validated, stack.inserted(database, "clicks"));
    c.distinctIds(ledger);
    return c.checks;
  }

  /**
   * The Flink SQL peer deduplicates (a conflicting repeat is dropped as a duplicate) and drops late
   * clicks from its windows, but against the slowest partition's watermark (the window operator
   * sees the minimum over its inputs), not per partition as ClickPulse decides lateness: in a
   * backlog some clicks labelled late are still in time for it. So its minutes are reconciled per
   * minute and link with what it stored: no minute counts more than it stored, and every stored
   * click a minute left out is one labelled late there; the sum row names how many late ones it
   * dropped.
   */
  static List<LedgerCheck> flinkSql(BenchStack stack, String database, TrafficLedger ledger) {
    LedgerChecks c = new LedgerChecks(stack, "Flink SQL peer", database);
    c.query("clicks rows", ledger.expectedStored(), "SELECT count() FROM {db}.clicks");
    Map<TrafficLedger.MinuteLink, Long> late = ledger.expectedLateClicksPerMinuteAndLink();
    long above = 0;
    long leftOutLate = 0;
    long leftOutNotLate = 0;
    // Only the (minute, link) pairs whose stored clicks and minute count differ.
    String differing =
        stack.clickhouse.query(
            ("SELECT toUnixTimestamp(m) * 1000, link_id, stored, counted FROM (SELECT"
                    + " toStartOfMinute(event_time) AS m, link_id, count() AS stored FROM"
                    + " {db}.clicks WHERE NOT is_test GROUP BY m, link_id) AS s FULL OUTER JOIN"
                    + " (SELECT window_start AS m, link_id, sum(clicks) AS counted FROM"
                    + " {db}.clicks_minute FINAL GROUP BY m, link_id) AS a USING (m, link_id)"
                    + " WHERE stored != counted FORMAT TSV")
                .replace("{db}", database));
    for (String line : differing.strip().split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split("\t");
      long leftOut = Long.parseLong(f[2]) - Long.parseLong(f[3]);
      long labelledLate =
          late.getOrDefault(new TrafficLedger.MinuteLink(Long.parseLong(f[0]), f[1]), 0L);
      above += Math.max(0, -leftOut);
      leftOutLate += Math.max(0, Math.min(leftOut, labelledLate));
      leftOutNotLate += Math.max(0, leftOut - labelledLate);
    }
    c.add("clicks_minute: clicks counted beyond those stored (per minute and link)", 0, above);
    c.add(
        "clicks_minute: stored clicks left out of their minute but not labelled late",
        0,
        leftOutNotLate);
    long labelled = ledger.expectedLateClicks();
    c.query(
        String.format(
            "clicks_minute: sum of clicks (non-test, less the %,d of %,d labelled late that its"
                + " windows dropped; the other %,d were in time against the slowest partition's"
                + " watermark)",
            leftOutLate, labelled, labelled - leftOutLate),
        ledger.expectedCountedClicks() - leftOutLate,
        "SELECT sum(clicks) FROM {db}.clicks_minute FINAL");
    return c.checks;
  }

  /**
   * The ClickHouse Kafka engine peer stores every record its SQL validation passes, repeats
   * included (no dedup before merges); its minute aggregates count distinct event ids and have no
   * event-time windows, so late clicks are counted too.
   */
  static List<LedgerCheck> clickhouseKafka(
      BenchStack stack, String database, TrafficLedger ledger) {
    LedgerChecks c = new LedgerChecks(stack, "ClickHouse Kafka engine peer", database);
    c.query("records consumed", ledger.total(), "SELECT sum(records) FROM {db}.consumed");
    c.add(
        "rows inserted into clicks (no dedup: valid + duplicates + conflicts)",
        validated(ledger),
        stack.inserted(database, "clicks"));
    c.distinctIds(ledger);
    c.query(
        "clicks_minute: distinct clicks summed over minute rows (late ones included)",
        ledger.expectedCountedClicks(),
        "SELECT sum(n) FROM (SELECT uniqExactMerge(clicks) AS n FROM {db}.clicks_minute GROUP BY"
            + " window_start, link_id, campaign_id, utm_source, utm_medium, utm_campaign, channel,"
            + " country, device_class, is_bot)");
    return c.checks;
  }

  /** Records that pass validation: everything but the malformed ones. */
  private static long validated(TrafficLedger ledger) {
    return ledger.total() - ledger.count(GeneratedRecord.Kind.MALFORMED);
  }

  private void distinctIds(TrafficLedger ledger) {
    query(
        "distinct event ids in clicks",
        ledger.expectedStored(),
        "SELECT uniqExact(event_id) FROM {db}.clicks");
  }

  /** Non-test clicks in time: the minute aggregates' total. */
  private void minuteSum(String sql, TrafficLedger ledger) {
    query(
        "clicks_minute: sum of clicks (non-test, not late)",
        ledger.expectedCountedClicks() - ledger.expectedLateClicks(),
        sql);
  }

  private void query(String what, long expected, String sql) {
    add(what, expected, stack.number(sql.replace("{db}", database)));
  }

  private void add(String what, long expected, long actual) {
    checks.add(new LedgerCheck(system, what, expected, actual));
  }
}
