package io.clickpulse.jobs.link;

import static io.clickpulse.jobs.link.LinkEventsForTest.CLEAN;
import static io.clickpulse.jobs.link.LinkEventsForTest.T0;
import static io.clickpulse.jobs.link.LinkEventsForTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clickpulse.jobs.ClickPipelineJob;
import io.clickpulse.jobs.config.ClickPipelineConfig;
import io.clickpulse.jobs.json.Json;
import io.clickpulse.jobs.kafka.RawRecord;
import io.clickpulse.jobs.testing.ClickJson;
import io.clickpulse.jobs.testing.CollectingSink;
import io.clickpulse.jobs.testing.GraphSinks;
import io.clickpulse.jobs.testing.GraphSources;
import io.clickpulse.jobs.testing.JsonSchemas;
import io.clickpulse.jobs.testing.MiniClusters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The click feed in the click pipeline on a MiniCluster: in-memory link events and clicks through
 * the real deserializers, the catalog join and the bot checks; the feed's sink collecting. And the
 * pipeline's graph, unchanged while {@code kafka.topic.click-feed} is unset.
 */
class ClickFeedGraphTest {
  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.withSlots(1);

  private static final String HIGH = CLEAN + ",\"tags\":[\"winter\"],\"priority\":\"high\"";
  private static final String NORMAL = CLEAN + ",\"tags\":[\"winter\"],\"priority\":\"normal\"";
  private static final String PRICING = CLEAN + ",\"tags\":[\"pricing\"],\"priority\":\"low\"";

  private static final List<String> LINKS =
      List.of(
          json("created", "lnk-high", 1, T0, "https://shop.acme.com/a", HIGH),
          json("created", "lnk-normal", 1, T0, "https://shop.acme.com/b", NORMAL),
          json("created", "lnk-pricing", 1, T0, "https://shop.acme.com/p", PRICING));

  /** Link id, minute, and what else marks the click. */
  private static final List<String> CLICKS =
      List.of(
          "lnk-high@1@human",
          "lnk-high@2@bot",
          "lnk-high@3@test",
          "lnk-normal@4@human",
          "lnk-pricing@5@human",
          "lnk-unknown@6@human",
          "lnk-high@7@human");

  @Test
  void theFeedCarriesTheHumanClicksOfTheSelectedLinksOnly(@TempDir Path dir) throws Exception {
    Path rules = dir.resolve("rules.yaml");
    Files.writeString(rules, "feed: { priority-at-least: high, tags: [pricing] }\n");
    ClickPipelineConfig config =
        config(
            Map.of("alerts.rules-file", rules.toString(), "kafka.topic.click-feed", "click_feed"));
    GraphSinks out = new GraphSinks();
    CollectingSink<ClickFeedItem> feed = new CollectingSink<>();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    new ClickPipelineJob(config)
        .build(
            env,
            GraphSources.catalogThenClicks(
                config, LINKS, T0 + 60_000, out.links, CLICKS.size(), ClickFeedGraphTest::click),
            out.sinks().withClickFeed(feed));
    env.execute("click-feed-graph");

    List<ClickFeedItem> items =
        feed.collected().stream().sorted(Comparator.comparing(i -> i.id)).toList();
    assertEquals(
        List.of("c-0 lnk-high high", "c-4 lnk-pricing low", "c-6 lnk-high high"),
        items.stream().map(i -> i.id + " " + i.linkId + " " + i.linkPriority).toList(),
        "human clicks of the high-priority and the pricing-tagged link; no bot, test, normal or"
            + " unknown link");
    for (ClickFeedItem i : items) {
      JsonSchemas.assertValid(
          "https://clickpulse.io/schemas/click-feed.schema.json", Json.MAPPER.valueToTree(i));
      assertEquals("Winter sale 2026", i.campaignName);
    }
  }

  @Test
  void withoutItsTopicThePipelineGraphIsUnchangedAndWithItTheFeedReadsTheJudgedClicks() {
    List<String> before = uids(config(Map.of()), false);
    assertEquals(before, uids(config(Map.of()), true), "a feed sink but no topic: unchanged");
    List<String> on = uids(config(Map.of("kafka.topic.click-feed", "click_feed")), true);
    List<String> added = new ArrayList<>(on);
    added.removeAll(before);
    assertEquals(List.of("click-feed", "sink-kafka-click-feed"), added);
    assertEquals(before.size() + 2, on.size());
  }

  @Test
  void aBadFeedSectionFailsTheStartNamingTheFileAndKey(@TempDir Path dir) throws Exception {
    Path rules = dir.resolve("rules.yaml");
    Files.writeString(rules, "feed: { priority-at-least: urgent }\n");
    Exception e =
        org.junit.jupiter.api.Assertions.assertThrows(
            Exception.class, () -> config(Map.of("alerts.rules-file", rules.toString())));
    org.junit.jupiter.api.Assertions.assertTrue(
        e.getMessage()
            .contains(
                "'alerts.rules-file': feed.priority-at-least must be one of [low, normal, high],"
                    + " was 'urgent'"),
        e.getMessage());
  }

  private static ClickPipelineConfig config(Map<String, String> extra) {
    Map<String, String> values = GraphSources.settings(extra);
    values.put("kafka.topic.links", "links");
    return ClickPipelineConfig.from(values);
  }

  /** The uids of the pipeline's graph, in the order they were added. */
  private static List<String> uids(ClickPipelineConfig config, boolean feedSink) {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    new ClickPipelineJob(config)
        .build(
            env,
            GraphSources.clicks(config, 1, ClickFeedGraphTest::click),
            GraphSources.links(config, LINKS, T0 + 60_000),
            new GraphSinks().sinks().withClickFeed(feedSink ? new CollectingSink<>() : null));
    return env.getStreamGraph().getStreamNodes().stream()
        .sorted(Comparator.comparingInt(StreamNode::getId))
        .map(StreamNode::getTransformationUID)
        .toList();
  }

  /** The click {@code i} of {@link #CLICKS}. */
  private static RawRecord click(int i) {
    String[] click = CLICKS.get(i).split("@");
    long time = T0 + Long.parseLong(click[1]) * 60_000;
    ClickJson json = ClickJson.click("c-" + i, time, click[0]).set("ip", "198.51.100." + i);
    if (click[2].equals("bot")) {
      json.set("user_agent", ClickJson.SLACKBOT);
    } else if (click[2].equals("test")) {
      json.test();
    }
    return new RawRecord("clicks.raw", 0, i, time, json.bytes());
  }
}
