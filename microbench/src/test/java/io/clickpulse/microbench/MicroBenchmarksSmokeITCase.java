package io.clickpulse.microbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny run of every section on the real engines: each produces its figures as finite positive
 * numbers and its table in the markdown file.
 */
@Tag("engines")
class MicroBenchmarksSmokeITCase {
  @Test
  void tinyRunOfEverySectionProducesNumericFiguresAndMarkdown(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("micro-results.md");
    MicroBenchmarks.Options options =
        MicroBenchmarks.Options.parse(
            new String[] {
              "--jmh", "smoke",
              "--state-ids", "10000",
              "--sink-rows", "5000",
              "--sink-runs", "1",
              "--dashboard-clicks", "20000",
              "--dashboard-runs", "2",
              "--dashboard-panels", "2",
              "--out", out.toString()
            });

    Results results = MicroBenchmarks.run(options);

    Map<String, Double> figures = results.figures();
    for (String name :
        List.of(
            "jmh.Parse.parse.ops_per_s",
            "jmh.UserAgent.cold.ops_per_s",
            "jmh.UserAgent.cached.ops_per_s",
            "jmh.VisitorHash.visitorId.ops_per_s",
            "state.current.uuid_v4.10000.checkpoint_bytes_per_id",
            "state.current.uuid_v4.10000.key_bytes",
            "state.string.snappy.uuid_v4.10000.checkpoint_bytes_per_id",
            "sink.jdbc.10000.rows_per_s",
            "sink.jdbc_row_binary.10000.rows_per_s",
            "sink.client_v2.10000.rows_per_s",
            "cost.clicks_hourly_and_daily_rollup_views.bytes_per_row",
            "cost.clicks_minute.bytes_per_row",
            "cost.dead_letters.bytes_per_row",
            "dashboards.alerts.alerts_by_rule.p95_ms_24h",
            "dashboards.alerts.alerts_by_severity.p95_ms_7d")) {
      Double value = figures.get(name);
      assertTrue(value != null, name + " missing from " + figures.keySet());
      assertTrue(Double.isFinite(value) && value > 0, name + " = " + value);
    }
    // CPU at toy sizes is a few 10 ms ticks, less the idle rate: present and finite, not positive.
    for (String name :
        List.of(
            "cost.clicks_hourly_and_daily_rollup_views.us_per_row",
            "cost.clicks_alone_no_views.us_per_row",
            "cost.clicks_minute.us_per_click")) {
      Double value = figures.get(name);
      assertTrue(value != null && Double.isFinite(value), name + " = " + value);
    }
    // A UUID key: key-group byte, empty string's length byte, two longs, namespace byte (before:
    // length byte and 36 characters); TTL + hash value.
    assertEquals(19.0, figures.get("state.current.uuid_v4.10000.key_bytes"));
    assertEquals(39.0, figures.get("state.string.snappy.uuid_v4.10000.key_bytes"));
    assertEquals(16.0, figures.get("state.current.uuid_v4.10000.value_bytes"));

    // Every other sink path stores exactly the rows the JDBC text path stores.
    for (String path : List.of("jdbc_row_binary", "client_v2")) {
      assertEquals(1.0, figures.get("sink." + path + ".10000.same_rows"), path);
    }

    String markdown = Files.readString(out);
    for (String title :
        List.of(
            "Hot paths",
            "Dedup state",
            "ClickHouse sink",
            "ClickHouse CPU per stored row",
            "Dashboard panel queries")) {
      assertTrue(markdown.contains("### " + title), title + " section missing");
    }
    assertEquals(5, markdown.split("What each figure includes", -1).length - 1);
  }
}
