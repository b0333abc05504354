package io.clickpulse.microbench;

import io.clickpulse.stack.ClickHouseServer;
import java.time.Duration;
import java.util.Map;

/** Waiting for a database's background merges, which the engine does not announce. */
public final class Merges {
  private Merges() {}

  /**
   * Returns once no merge has run in {@code database} for {@code quiet} (the engine schedules
   * merges a moment after the inserts that call for them, so one empty look may be too early), or
   * after {@code atMost}.
   */
  public static void await(
      ClickHouseServer clickhouse, String database, Duration quiet, Duration atMost) {
    long deadline = System.nanoTime() + atMost.toNanos();
    long quietSince = System.nanoTime();
    while (System.nanoTime() < deadline) {
      String running =
          clickhouse
              .query(
                  "SELECT count() FROM system.merges WHERE database = {db:String}",
                  Map.of("db", database))
              .strip();
      if (!running.equals("0")) {
        quietSince = System.nanoTime();
      } else if (System.nanoTime() - quietSince >= quiet.toNanos()) {
        return;
      }
      try {
        // No notification for finished merges: poll.
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
