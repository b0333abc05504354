package io.clickpulse.bench;

import io.clickpulse.jobs.clickhouse.Reconciliation;
import io.clickpulse.jobs.config.ClickPipelineConfig;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Whether everything the pipeline must write for the input is in ClickHouse: one row per distinct
 * valid event in {@code clicks}, every reject in {@code dead_letters}, every dropped repeat in
 * {@code duplicate_clicks} (the generator's ledger says how many), and minute aggregates and hourly
 * rollups that reconcile with the raw clicks ({@link Reconciliation}, as {@code ./clickpulse
 * reconcile} checks them).
 */
final class RowsVisible {
  private final BenchStack stack;
  private final BenchInput input;
  private final Reconciliation reconciliation;
  private final String database;

  RowsVisible(BenchStack stack, ClickPipelineConfig config, BenchInput input) {
    this.stack = stack;
    this.input = input;
    this.reconciliation =
        new Reconciliation(
            config.clickhouse().url(), config.clickhouse().user(), config.clickhouse().password());
    String url = config.clickhouse().url();
    this.database = url.substring(url.lastIndexOf('/') + 1).replaceFirst("\\?.*", "");
  }

  /** Cheap counts first; the reconciliation (FINAL queries) only once they are complete. */
  boolean allThere() {
    var ledger = input.ledger();
    if (rows("clicks") < ledger.expectedStored()
        || rows("dead_letters") < ledger.expectedRejected()
        || rows("duplicate_clicks") < ledger.expectedDuplicates()) {
      return false;
    }
    Instant from = Instant.ofEpochMilli(input.eventsFrom()).truncatedTo(ChronoUnit.HOURS);
    Instant to = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
    return reconciliation.check(from, to).consistent();
  }

  String status() {
    return String.format(
        "%,d of %,d rows in clicks, %,d of %,d dead letters, %,d of %,d duplicates, %,d minute rows",
        rows("clicks"),
        input.ledger().expectedStored(),
        rows("dead_letters"),
        input.ledger().expectedRejected(),
        rows("duplicate_clicks"),
        input.ledger().expectedDuplicates(),
        rows("clicks_minute"));
  }

  private long rows(String table) {
    return stack.rows(database + "." + table);
  }
}
