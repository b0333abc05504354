package io.clickpulse.jobs.crm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clickpulse.jobs.ClickPipelineJob;
import io.clickpulse.jobs.ClickPipelineSinks;
import io.clickpulse.jobs.ClickPipelineSources;
import io.clickpulse.jobs.aggregate.MinuteAggregate;
import io.clickpulse.jobs.aggregate.MinuteClick;
import io.clickpulse.jobs.alert.Alert;
import io.clickpulse.jobs.alert.BotClient;
import io.clickpulse.jobs.config.ClickPipelineConfig;
import io.clickpulse.jobs.json.Json;
import io.clickpulse.jobs.kafka.RawRecord;
import io.clickpulse.jobs.link.LinkRecordDeserializer;
import io.clickpulse.jobs.link.LinkRow;
import io.clickpulse.jobs.link.ParsedLink;
import io.clickpulse.jobs.pipeline.ClickRecordDeserializer;
import io.clickpulse.jobs.pipeline.DeadLetter;
import io.clickpulse.jobs.pipeline.DuplicateClick;
import io.clickpulse.jobs.pipeline.ParsedRecord;
import io.clickpulse.jobs.testing.Await;
import io.clickpulse.jobs.testing.ClickJson;
import io.clickpulse.jobs.testing.CollectingSink;
import io.clickpulse.jobs.testing.JsonSchemas;
import io.clickpulse.jobs.testing.MiniClusters;
import io.clickpulse.udf.crm.CrmSignal;
import io.clickpulse.udf.enrich.EnrichedClick;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
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
            Map.of(
                "kafka.bootstrap-servers", "127.0.0.1:9",
                "clickhouse.url", "jdbc:clickhouse://127.0.0.1:9/unused",
                "privacy.visitor-hash-secret", "graph-test-secret-0123",
                "kafka.topic.links", "links",
                "kafka.topic.crm-signals", "crm_signals",
                "alerts.rules-file", rules.toString()));
    CollectingSink<LinkRow> links = new CollectingSink<>();
    CollectingSink<CrmSignal> signals = new CollectingSink<>();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    new ClickPipelineJob(config)
        .build(
            env,
            new ClickPipelineSources(
                new DataGeneratorSource<>(
                    new GatedClicks(
                        links,
                        LINKS.size(),
                        new ClickRecordDeserializer(config.validation(), config.eventTime())),
                    CLICKS.size(),
                    TypeInformation.of(ParsedRecord.class)),
                new DataGeneratorSource<>(
                    new Links(new LinkRecordDeserializer(config.validation())),
                    LINKS.size(),
                    TypeInformation.of(ParsedLink.class)),
                null),
            new ClickPipelineSinks(
                    new CollectingSink<EnrichedClick>(),
                    new CollectingSink<MinuteAggregate>(),
                    new CollectingSink<MinuteClick>(),
                    new CollectingSink<DeadLetter>(),
                    new CollectingSink<DeadLetter>(),
                    new CollectingSink<DuplicateClick>(),
                    new CollectingSink<Alert>(),
                    new CollectingSink<Alert>(),
                    new CollectingSink<BotClient>(),
                    links,
                    null)
                .withCrmSignals(new CrmSinks(signals, new CollectingSink<>())));
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

  /** The clicks of {@link #CLICKS}, each one once {@code linkRows} has {@code rows} rows. */
  private static final class GatedClicks implements GeneratorFunction<Long, ParsedRecord> {
    private final CollectingSink<LinkRow> linkRows;
    private final int rows;
    private final ClickRecordDeserializer deserializer;

    GatedClicks(CollectingSink<LinkRow> linkRows, int rows, ClickRecordDeserializer deserializer) {
      this.linkRows = linkRows;
      this.rows = rows;
      this.deserializer = deserializer;
    }

    @Override
    public void open(SourceReaderContext readerContext) {
      deserializer.open(null);
    }

    @Override
    public ParsedRecord map(Long offset) {
      Await.until(
          "the catalog to accept the link events",
          Duration.ofMinutes(1),
          () -> linkRows.collected().size() >= rows);
      int i = offset.intValue();
      String[] click = CLICKS.get(i).split("@");
      long time = T0 + Long.parseLong(click[1]) * MINUTE;
      byte[] json = ClickJson.click("c-" + i, time, click[0]).set("ip", "198.51.100." + i).bytes();
      return deserializer.parse(new RawRecord("clicks.raw", 0, offset, time, json));
    }
  }

  private static final class Links implements GeneratorFunction<Long, ParsedLink> {
    private final LinkRecordDeserializer deserializer;

    Links(LinkRecordDeserializer deserializer) {
      this.deserializer = deserializer;
    }

    @Override
    public void open(SourceReaderContext readerContext) {
      deserializer.open(null);
    }

    @Override
    public ParsedLink map(Long offset) {
      int i = offset.intValue();
      return deserializer.parse(
          new RawRecord("links", 0, i, T0 + MINUTE, LINKS.get(i).getBytes(StandardCharsets.UTF_8)));
    }
  }
}
