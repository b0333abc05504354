package io.clickpulse.local;

import io.clickpulse.jobs.clickhouse.Reconciliation;
import io.clickpulse.jobs.config.ClickPipelineConfig;
import io.clickpulse.jobs.pipeline.Counters;
import io.clickpulse.stack.ClickHouseServer;
import io.clickpulse.stack.traffic.TrafficLedger;
import io.clickpulse.udf.event.RejectReason;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.JobExecutionResult;

/** The summary a local run prints: counts reconciled three ways, and rows read back. */
record RunReport(
    ClickPipelineConfig config,
    TrafficLedger ledger,
    JobExecutionResult result,
    ClickHouseServer clickhouse,
    Instant generatedFrom,
    Instant generatedTo) {

  void print(PrintStream out) {
    String db = config.clickhouseDatabase();
    long received = LocalRun.counter(result, Counters.RECEIVED);
    long duplicates = LocalRun.counter(result, Counters.DUPLICATES);
    long stored =
        Long.parseLong(clickhouse.query("SELECT count() FROM " + db + ".clicks FINAL").strip());
    Map<String, Long> rejectedByReason = new TreeMap<>();
    long rejected = 0;
    for (RejectReason reason : RejectReason.values()) {
      long n = LocalRun.counter(result, LocalRun.rejectedCounter(reason));
      if (n > 0) {
        rejectedByReason.put(reason.code(), n);
        rejected += n;
      }
    }
    boolean reconciled = received == stored + rejected + duplicates;
    boolean asPlanted =
        stored == ledger.expectedStored()
            && duplicates == ledger.expectedDuplicates()
            && rejectedByReason.equals(ledger.expectedRejectsByReason());

    out.println();
    out.println("=== ClickPulse local run ===");
    out.printf("events in (read from %s) : %,d%n", config.rawTopic(), received);
    out.printf("stored in ClickHouse %s.clicks : %,d%n", db, stored);
    out.printf("rejected to %s : %,d%n", config.deadLetterTopic(), rejected);
    rejectedByReason.forEach((reason, n) -> out.printf("    %-22s %,d%n", reason, n));
    out.printf("duplicates dropped : %,d%n", duplicates);
    out.printf(
        "of the stored: %,d test events kept out of aggregates, %,d too late for their minute%n",
        LocalRun.counter(result, Counters.TEST_EVENTS),
        LocalRun.counter(result, Counters.TOO_LATE));
    out.printf(
        "reconciliation: %,d in = %,d stored + %,d rejected + %,d duplicates -> %s%n",
        received, stored, rejected, duplicates, reconciled ? "OK" : "MISMATCH");
    out.printf(
        "against what the generator planted (%s): %s%n", ledger, asPlanted ? "OK" : "MISMATCH");
    Reconciliation.Report check =
        new Reconciliation(
                config.clickhouseUrl(), config.clickhouseUser(), config.clickhousePassword())
            .check(generatedFrom, generatedTo);
    out.println();
    out.print(check);
    out.println();
    out.println("Clicks by normalized source (raw spellings folded by the UTM taxonomy):");
    out.print(
        clickhouse.query(
            "SELECT utm_source, groupUniqArray(5)(utm_source_raw) AS raw_spellings, count() AS clicks,"
                + " countIf(is_bot) AS bots FROM "
                + db
                + ".clicks FINAL GROUP BY utm_source"
                + " ORDER BY clicks DESC FORMAT PrettyCompactMonoBlock"));
    out.println("A few stored rows:");
    out.print(
        clickhouse.query(
            "SELECT event_id, event_time, link_id, utm_source, utm_medium, channel, device_class,"
                + " bot_reason, referrer_domain, ip_network FROM "
                + db
                + ".clicks FINAL"
                + " ORDER BY event_id LIMIT 5 FORMAT PrettyCompactMonoBlock"));
    if (!reconciled || !asPlanted || !check.consistent()) {
      throw new IllegalStateException("The run did not reconcile; see above");
    }
  }
}
