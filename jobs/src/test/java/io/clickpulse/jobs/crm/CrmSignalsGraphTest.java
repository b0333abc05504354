package io.clickpulse.jobs.crm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clickpulse.jobs.ClickPipelineJob;
import io.clickpulse.jobs.ClickPipelineSinks;
import io.clickpulse.jobs.config.ClickPipelineConfig;
import io.clickpulse.jobs.json.Json;
import io.clickpulse.jobs.kafka.RawRecord;
import io.clickpulse.jobs.pipeline.ParsedRecord;
import io.clickpulse.jobs.testing.ClickJson;
import io.clickpulse.jobs.testing.CollectingSink;
import io.clickpulse.jobs.testing.GraphSinks;
import io.clickpulse.jobs.testing.GraphSources;
import io.clickpulse.jobs.testing.JsonSchemas;
import io.clickpulse.jobs.testing.MiniClusters;
import io.clickpulse.udf.crm.CrmSignal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The click pipeline with CRM signals on a MiniCluster: raw click records through the real
 * deserializer and the whole graph ({@link ClickPipelineJob#build}), every sink collecting.
 * Contacts come from the clicks' {@code custom.contact_id}; bots, test traffic and clicks without a
 * contact never make a signal. Off, the graph is the one without the stage.
 */
class CrmSignalsGraphTest {
  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.withSlots(1);

  static final long T0 = 1_795_000_000_000L;
  static final long MINUTE = 60_000L;

  static final String RULES =
      """
      crm:
        first-campaign-click:
          kind: first-click
          route: crm-hubspot
      """;

  /**
   * id, minute, campaign, contact ("-" none), what else: "human", "test" (is_test), "bot" (a
   * crawler's user agent).
   */
  static final List<String> CLICKS =
      List.of(
          "c-0 1 cmp-a hs-1 human",
          "c-1 2 cmp-a hs-1 human",
          "c-2 3 cmp-b hs-1 human",
          "c-3 4 cmp-a hs-2 test",
          "c-4 5 cmp-a hs-3 bot",
          "c-5 6 cmp-a - human",
          "c-6 7 cmp-b hs-2 human");

  @TempDir Path dir;

  private Map<String, String> config(boolean on) throws Exception {
    Path rules = dir.resolve("rules.yaml");
    Files.writeString(rules, RULES);
    Map<String, String> values =
        GraphSources.settings(Map.of("alerts.rules-file", rules.toString()));
    if (on) {
      values.put("kafka.topic.crm-signals", "crm_signals");
    }
    return values;
  }

  @Test
  void humanClicksOfContactsMakeSignalsOnKafkaAndInTheTable() throws Exception {
    ClickPipelineConfig config = ClickPipelineConfig.from(config(true));
    CollectingSink<CrmSignal> topic = new CollectingSink<>();
    CollectingSink<CrmSignal> table = new CollectingSink<>();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    new ClickPipelineJob(config).build(env, source(config, CLICKS.size()), sinks(topic, table));
    env.execute("crm-signals-graph");

    assertEquals(
        List.of(
            "first-campaign-click hs-1 cmp-a c-0",
            "first-campaign-click hs-1 cmp-b c-2",
            "first-campaign-click hs-2 cmp-b c-6"),
        topic.collected().stream()
            .map(s -> s.rule + " " + s.contactId + " " + s.campaignId + " " + s.triggerClickId)
            .sorted()
            .toList(),
        "hs-2's test click on cmp-a and hs-3's bot click never qualify");
    assertEquals(topic.collected(), table.collected(), "the same signals in both sinks");
    for (CrmSignal s : topic.collected()) {
      assertEquals("crm-hubspot", s.route);
      JsonSchemas.assertValid(CrmSignalSchemaTest.SCHEMA, Json.MAPPER.valueToTree(s));
    }
  }

  @Test
  void offTheGraphIsUnchangedOnItHasTheStage() throws Exception {
    Map<String, String> off = config(false);
    List<String> without = operators(ClickPipelineConfig.from(off));
    off.remove("alerts.rules-file");
    assertEquals(
        operators(ClickPipelineConfig.from(off)),
        without,
        "crm rules in the file without kafka.topic.crm-signals change nothing");
    assertFalse(without.stream().anyMatch(n -> n.contains("crm")), without.toString());
    List<String> with = operators(ClickPipelineConfig.from(config(true)));
    assertTrue(
        with.containsAll(
            List.of(
                "crm-contact-clicks",
                "crm-contact-signals",
                "kafka-crm-signals: Writer",
                "clickhouse-crm-signals: Writer")),
        with.toString());
  }

  private List<String> operators(ClickPipelineConfig config) {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    new ClickPipelineJob(config)
        .build(env, source(config, 1), sinks(new CollectingSink<>(), new CollectingSink<>()));
    return env.getStreamGraph().getStreamNodes().stream()
        .map(StreamNode::getOperatorName)
        .sorted()
        .toList();
  }

  private static DataGeneratorSource<ParsedRecord> source(ClickPipelineConfig config, int count) {
    return GraphSources.clicks(config, count, CrmSignalsGraphTest::click);
  }

  private static ClickPipelineSinks sinks(
      CollectingSink<CrmSignal> topic, CollectingSink<CrmSignal> table) {
    return new GraphSinks().sinks().withCrmSignals(new CrmSinks(topic, table));
  }

  /** The click {@code i} of {@link #CLICKS}, with its contact in {@code custom}. */
  private static RawRecord click(int i) throws Exception {
    String[] f = CLICKS.get(i).split(" ");
    long time = T0 + Long.parseLong(f[1]) * MINUTE;
    ClickJson click =
        ClickJson.click(f[0], time, "lnk-" + f[2])
            .set("campaign_id", f[2])
            .set("ip", "198.51.100." + i);
    if (f[4].equals("test")) {
      click.test();
    } else if (f[4].equals("bot")) {
      click.set("user_agent", ClickJson.SLACKBOT);
    }
    ObjectNode json = (ObjectNode) Json.MAPPER.readTree(click.bytes());
    if (!f[3].equals("-")) {
      json.putObject("custom").put("contact_id", f[3]);
    }
    return new RawRecord("clicks.raw", 0, i, time, Json.MAPPER.writeValueAsBytes(json));
  }
}
