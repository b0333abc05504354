package io.clickpulse.jobs.crm;

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
import io.clickpulse.udf.crm.CrmSignal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * CRM signals from the link catalog's contact and tags: the whole pipeline with the link stage on a
 * MiniCluster, the clicks released once the catalog has stored the links (as in
 * LinkCatalogGraphTest), so which clicks carry a contact and tags follows from the input alone.
 */
class CrmCatalogGraphTest {
  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.withSlots(1);

  static final long T0 = Instant.parse("2026-12-05T20:00:00Z").toEpochMilli();
  static final long MINUTE = 60_000L;

  static final String RULES =
      """
      crm:
        pricing-interest: {kind: tagged-clicks, tag: pricing, clicks: 2, within: 7 d}
        partner-acme-hour: {kind: partner-volume, tag: partner-acme, clicks: 3, within: 1 h}
      """;

  /** A one-to-one pricing link of contact hs-88412, and a partner's link without contact. */
  static final List<String> LINKS =
      List.of(
          link("lnk-p", "\"tags\":[\"pricing\"],\"contact_id\":\"hs-88412\""),
          link("lnk-q", "\"tags\":[\"partner-acme\"]"));

  /**
   * Link id and minute of each click: lnk-p's two make the pricing signal (by c-2); lnk-q's first
   * three the partner's (by c-4), its fourth falls in the partner's quiet hour.
   */
  static final List<String> CLICKS =
      List.of("lnk-p@1", "lnk-q@2", "lnk-p@3", "lnk-q@4", "lnk-q@5", "lnk-q@6");

  static String link(String id, String extra) {
    return "{\"event_id\":\""
        + id
        + "-v1\",\"type\":\"created\",\"event_time\":"
        + T0
        + ",\"link_id\":\""
        + id
        + "\",\"version\":1,\"short_url\":\"https://go.acme.com/"
        + id
        + "\",\"destination_url\":\"https://shop.acme.com/"
        + id
        + "?utm_source=newsletter&utm_medium=email&utm_campaign=winter\""
        + ",\"utm_source\":\"newsletter\",\"utm_medium\":\"email\",\"utm_campaign\":\"winter\""
        + ",\"campaign_id\":\"cmp-winter\",\"campaign_name\":\"Winter sale 2026\""
        + ",\"owner\":\"partners@acme.com\","
        + extra
        + "}";
  }

  @TempDir Path dir;

  @Test
  void theCatalogsContactAndTagsMakeTaggedAndPartnerSignals() throws Exception {
    Path rules = dir.resolve("rules.yaml");
    Files.writeString(rules, RULES);
    ClickPipelineConfig config =
        ClickPipelineConfig.from(
            GraphSources.settings(
                Map.of(
                    "kafka.topic.links", "links",
                    "kafka.topic.crm-signals", "crm_signals",
                    "alerts.rules-file", rules.toString())));
    GraphSinks out = new GraphSinks();
    CollectingSink<CrmSignal> signals = new CollectingSink<>();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    new ClickPipelineJob(config)
        .build(
            env,
            GraphSources.catalogThenClicks(
                config, LINKS, T0 + MINUTE, out.links, CLICKS.size(), CrmCatalogGraphTest::click),
            out.sinks().withCrmSignals(new CrmSinks(signals, new CollectingSink<>())));
    env.execute("crm-catalog-graph");

    assertEquals(
        List.of(
            "partner-acme-hour tag:partner-acme contact= x3 [lnk-q] by c-4",
            "pricing-interest contact:hs-88412 contact=hs-88412 x2 [lnk-p] by c-2"),
        signals.collected().stream()
            .map(
                s ->
                    s.rule
                        + " "
                        + s.subjectType
                        + ":"
                        + s.subjectId
                        + " contact="
                        + s.contactId
                        + " x"
                        + s.clickCount
                        + " "
                        + s.linkIds
                        + " by "
                        + s.triggerClickId)
            .sorted()
            .toList());
    for (CrmSignal s : signals.collected()) {
      assertEquals("Winter sale 2026", s.campaignName);
      JsonSchemas.assertValid(CrmSignalSchemaTest.SCHEMA, Json.MAPPER.valueToTree(s));
    }
  }

  /** The click {@code i} of {@link #CLICKS}. */
  private static RawRecord click(int i) {
    String[] click = CLICKS.get(i).split("@");
    long time = T0 + Long.parseLong(click[1]) * MINUTE;
    byte[] json = ClickJson.click("c-" + i, time, click[0]).set("ip", "198.51.100." + i).bytes();
    return new RawRecord("clicks.raw", 0, i, time, json);
  }
}
