package io.clickpulse.jobs.link;

import static io.clickpulse.jobs.link.LinkEventsForTest.CLEAN;
import static io.clickpulse.jobs.link.LinkEventsForTest.T0;
import static io.clickpulse.jobs.link.LinkEventsForTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clickpulse.jobs.ClickPipelineJob;
import io.clickpulse.jobs.aggregate.MinuteAggregate;
import io.clickpulse.jobs.alert.Alert;
import io.clickpulse.jobs.config.ClickPipelineConfig;
import io.clickpulse.jobs.kafka.RawRecord;
import io.clickpulse.jobs.testing.ClickJson;
import io.clickpulse.jobs.testing.CollectingSink;
import io.clickpulse.jobs.testing.GraphSinks;
import io.clickpulse.jobs.testing.GraphSources;
import io.clickpulse.jobs.testing.JsonSchemas;
import io.clickpulse.jobs.testing.MiniClusters;
import io.clickpulse.udf.enrich.EnrichedClick;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The click pipeline with the link stage on a MiniCluster: in-memory link events and clicks through
 * the real deserializers and the whole graph, every sink collecting. The clicks are released once
 * the catalog has accepted the link events (the join meets its inputs in arrival order), so which
 * click is stamped follows from the input alone.
 */
class LinkCatalogGraphTest {
  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.withSlots(1);

  private static final String CATALOG =
      CLEAN + ",\"tags\":[\"winter\",\"nl\"],\"priority\":\"high\",\"contact_id\":\"hs-88412\"";

  private static final List<String> LINKS =
      List.of(
          json("created", "lnk-a", 1, T0, "https://shop.acme.com/a", CATALOG),
          json("created", "lnk-d", 1, T0, "https://shop.acme.com/d", CATALOG),
          json("deleted", "lnk-d", 2, T0 + 30_000, null, null));

  /** Link id and minute offset of each click; lnk-new is in no link event. */
  private static final List<String> CLICKS =
      List.of("lnk-a@1", "lnk-d@2", "lnk-d@3", "lnk-new@4", "lnk-a@5");

  @Test
  void storedClicksCarryTheCatalogAndUnknownLinksAreCountedNotDropped() throws Exception {
    ClickPipelineConfig config =
        ClickPipelineConfig.from(GraphSources.settings(Map.of("kafka.topic.links", "links")));
    GraphSinks out = new GraphSinks();
    CollectingSink<Alert> alerts = out.alertsTopic;
    CollectingSink<EnrichedClick> clicks = out.clicks;
    CollectingSink<MinuteAggregate> minutes = out.minutes;
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    new ClickPipelineJob(config)
        .build(
            env,
            GraphSources.catalogThenClicks(
                config, LINKS, T0 + 60_000, out.links, CLICKS.size(), LinkCatalogGraphTest::click),
            out.sinks());
    JobExecutionResult result = env.execute("link-catalog-graph");

    assertEquals(
        List.of(
            "c-0 lnk-a Winter sale 2026|maria.jansen@acme.com|[winter, nl]|high|hs-88412",
            "c-1 lnk-d Winter sale 2026|maria.jansen@acme.com|[winter, nl]|high|hs-88412",
            "c-2 lnk-d Winter sale 2026|maria.jansen@acme.com|[winter, nl]|high|hs-88412",
            "c-3 lnk-new ||[]||",
            "c-4 lnk-a Winter sale 2026|maria.jansen@acme.com|[winter, nl]|high|hs-88412"),
        clicks.collected().stream()
            .map(
                c ->
                    c.click.eventId
                        + " "
                        + c.click.linkId
                        + " "
                        + String.join(
                            "|",
                            c.campaignName,
                            c.linkOwner,
                            c.linkTags.toString(),
                            c.linkPriority,
                            c.contactId))
            .sorted()
            .toList(),
        "every click stored, the known ones stamped (a deleted link keeps its fields)");
    assertEquals(
        1L, (Long) result.getAccumulatorResult(LinkLifecycleFunction.UNKNOWN_LINK), "lnk-new");
    assertEquals(
        (long) CLICKS.size(),
        minutes.collected().stream().mapToLong(m -> m.clicks).sum(),
        "every click counted in the minute aggregates (one minute each)");

    List<Alert> clickAlerts =
        alerts.collected().stream()
            .filter(a -> a.rule.equals("link_clicked_after_delete"))
            .toList();
    assertEquals(1, clickAlerts.size(), "two clicks after the delete, one alert: " + clickAlerts);
    Alert a = clickAlerts.get(0);
    assertEquals("lnk-d", a.subjectId);
    assertEquals("maria.jansen@acme.com", a.owner);
    assertEquals(T0 + 2 * 60_000, a.windowStart, "the first click after the delete");
    JsonSchemas.assertValidAlert(a);
  }

  @Test
  void withoutTheLinksTopicEnrichFeedsTheClientPatternsDirectlyAndWithItTheJoin() {
    Map<String, String> base = GraphSources.settings(Map.of());
    assertEquals(List.of("client-patterns"), afterEnrich(ClickPipelineConfig.from(base), false));
    Map<String, String> on = GraphSources.settings(Map.of("kafka.topic.links", "links"));
    assertEquals(List.of("link-lifecycle"), afterEnrich(ClickPipelineConfig.from(on), true));
  }

  /** The operators the enrich operator sends its clicks to, by name. */
  private static List<String> afterEnrich(ClickPipelineConfig config, boolean withLinks) {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    new ClickPipelineJob(config)
        .build(
            env,
            GraphSources.clicks(config, 1, LinkCatalogGraphTest::click),
            withLinks ? GraphSources.links(config, LINKS, T0 + 60_000) : null,
            new GraphSinks().sinks());
    StreamGraph graph = env.getStreamGraph();
    StreamNode enrich =
        graph.getStreamNodes().stream()
            .filter(n -> n.getOperatorName().equals("enrich"))
            .findFirst()
            .orElseThrow();
    return enrich.getOutEdges().stream()
        .filter(e -> e.getOutputTag() == null)
        .map(e -> graph.getStreamNode(e.getTargetId()).getOperatorName())
        .toList();
  }

  /** The click {@code i} of {@link #CLICKS}. */
  private static RawRecord click(int i) {
    String[] click = CLICKS.get(i).split("@");
    long time = T0 + Long.parseLong(click[1]) * 60_000;
    byte[] json = ClickJson.click("c-" + i, time, click[0]).set("ip", "198.51.100." + i).bytes();
    return new RawRecord("clicks.raw", 0, i, time, json);
  }
}
