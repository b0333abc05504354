package io.clickpulse.jobs.link;

import static io.clickpulse.jobs.link.LinkEventsForTest.CLEAN;
import static io.clickpulse.jobs.link.LinkEventsForTest.NO_UTM;
import static io.clickpulse.jobs.link.LinkEventsForTest.T0;
import static io.clickpulse.jobs.link.LinkEventsForTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clickpulse.jobs.ClickPipelineJob;
import io.clickpulse.jobs.alert.Alert;
import io.clickpulse.jobs.config.ClickPipelineConfig;
import io.clickpulse.jobs.kafka.RawRecord;
import io.clickpulse.jobs.pipeline.DeadLetter;
import io.clickpulse.jobs.testing.ClickJson;
import io.clickpulse.jobs.testing.CollectingSink;
import io.clickpulse.jobs.testing.GraphSinks;
import io.clickpulse.jobs.testing.GraphSources;
import io.clickpulse.jobs.testing.JsonSchemas;
import io.clickpulse.jobs.testing.MiniClusters;
import io.clickpulse.udf.enrich.EnrichedClick;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The click pipeline with {@code kafka.topic.links} set, on a MiniCluster: in-memory link records
 * through the real deserializer, every sink collecting. The link stage's alerts join the alert
 * sinks, its rows the links table, its rejects the dead letters.
 */
class LinkStageGraphTest {
  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.withSlots(1);

  private static final String IMPORT = ",\"import_id\":\"imp-1\"";

  /** The links topic as planted: good events, then three bad ones. */
  private static final List<String> LINKS =
      List.of(
          json("created", "lnk-a", 1, T0, "https://shop.acme.com/a", NO_UTM),
          json("created", "lnk-b", 1, T0 + 1000, "https://shop.acme.com/sale", CLEAN + IMPORT),
          json("created", "lnk-c", 1, T0 + 2000, "https://shop.acme.com/sale", CLEAN + IMPORT),
          json("updated", "lnk-a", 2, T0 + 3000, "https://shop.acme.com/a", CLEAN),
          json("updated", "lnk-a", 1, T0 + 3500, "https://bit.ly/stale", CLEAN),
          json("deleted", "lnk-b", 2, T0 + 4000, null, null),
          "{\"event_id\": \"broken",
          json("archived", "lnk-z", 1, T0 + 5000, null, null),
          json(
              "created", "lnk-y", 1, T0 + 5000, "https://shop.acme.com/y", "\"owner\":\"@maria\""));

  @Test
  void linkEventsBecomeAlertsRowsAndDeadLetters() throws Exception {
    ClickPipelineConfig config =
        ClickPipelineConfig.from(GraphSources.settings(Map.of("kafka.topic.links", "links")));
    GraphSinks out = new GraphSinks();
    CollectingSink<DeadLetter> deadLetters = out.deadLetters;
    CollectingSink<DeadLetter> deadLetterTable = out.deadLetterTable;
    CollectingSink<Alert> alertsTopic = out.alertsTopic;
    CollectingSink<Alert> alertsTable = out.alertsTable;
    CollectingSink<LinkRow> links = out.links;
    CollectingSink<EnrichedClick> clicks = out.clicks;
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    byte[] click = ClickJson.click("c-1", T0, "lnk-a").bytes();
    new ClickPipelineJob(config)
        .build(
            env,
            GraphSources.clicks(
                config, 1, i -> new RawRecord("clicks.raw", 0, i, T0 + 1000, click)),
            GraphSources.links(config, LINKS, T0 + 60_000),
            out.sinks());
    JobExecutionResult result = env.execute("link-stage-graph");

    assertEquals(1, clicks.collected().size(), "the click path runs as before");
    // Rows: every accepted event, the stale update of lnk-a not.
    assertEquals(
        List.of(
            "lnk-a v1 created",
            "lnk-a v2 updated",
            "lnk-b v1 created",
            "lnk-b v2 deleted",
            "lnk-c v1 created"),
        links.collected().stream()
            .map(r -> r.link.linkId + " v" + r.link.version + " " + r.eventType)
            .sorted()
            .toList());
    Map<String, Long> reasons =
        deadLetters.collected().stream()
            .collect(Collectors.groupingBy(d -> d.reason, Collectors.counting()));
    assertEquals(Map.of("malformed_json", 1L, "unknown_type", 1L, "invalid_owner", 1L), reasons);
    deadLetters.collected().forEach(d -> assertEquals("links", d.topic));
    assertEquals(3, deadLetterTable.collected().size());
    assertEquals((long) LINKS.size(), (Long) result.getAccumulatorResult(LinkSource.RECEIVED));
    assertEquals(
        1L,
        (Long)
            result.getAccumulatorResult(
                LinkSource.rejected(io.clickpulse.udf.link.LinkRejectReason.UNKNOWN_TYPE)));

    List<Alert> alerts =
        alertsTopic.collected().stream().filter(a -> a.rule.startsWith("link_")).toList();
    assertEquals(
        List.of("link_import_summary campaign:cmp-winter", "link_missing_utm link:lnk-a"),
        alerts.stream()
            .map(a -> a.rule + " " + a.subjectType + ":" + a.subjectId)
            .sorted()
            .toList());
    Alert summary =
        alerts.stream().filter(a -> a.rule.equals("link_import_summary")).findFirst().orElseThrow();
    assertEquals(
        "{https://shop.acme.com/sale=[lnk-b, lnk-c]}",
        summary.evidence.get("duplicate_destinations"));
    alerts.forEach(JsonSchemas::assertValidAlert);
    assertEquals(
        alertsTopic.collected().size(), alertsTable.collected().size(), "both alert sinks");
  }
}
