package io.clickpulse.jobs.conversion;

import static io.clickpulse.jobs.conversion.ConversionsForTest.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.clickpulse.jobs.ClickPipelineJob;
import io.clickpulse.jobs.ClickPipelineSources;
import io.clickpulse.jobs.config.ClickPipelineConfig;
import io.clickpulse.jobs.kafka.RawRecord;
import io.clickpulse.jobs.pipeline.DeadLetter;
import io.clickpulse.jobs.testing.ClickJson;
import io.clickpulse.jobs.testing.CollectingSink;
import io.clickpulse.jobs.testing.GraphSinks;
import io.clickpulse.jobs.testing.GraphSources;
import io.clickpulse.jobs.testing.MiniClusters;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The conversion stage on a MiniCluster as the click pipeline runs it ({@code
 * ClickPipelineJob.build} with a conversions source): real click records through the whole click
 * path, real conversion records through {@link ConversionSource#read} and {@link Attribute#apply};
 * sinks collect.
 */
class ConversionStageGraphTest {
  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.withSlots(2);

  static final String SECRET = "graph-test-secret-0123";
  static final long HOUR = 3_600_000L;
  static final String ANNA_IP = "198.51.100.1";
  static final String ANNA_UA = ClickJson.BROWSER;

  /**
   * Anna clicks twice, a preview bot once; Bram once from another address; Carla, a CRM contact
   * (custom.contact_id, set by a portal that knows her), from her phone and then her laptop.
   */
  static final List<byte[]> CLICKS =
      List.of(
          ClickJson.click("c-1", T0, "lnk-nl").bytes(),
          ClickJson.click("c-2", T0 + HOUR, "lnk-ig").bytes(),
          ClickJson.click("c-bot", T0 + 2 * HOUR, "lnk-ig")
              .set("user_agent", ClickJson.SLACKBOT)
              .bytes(),
          ClickJson.click("c-bram", T0, "lnk-yt").set("ip", "203.0.113.9").bytes(),
          ClickJson.click("c-carla-phone", T0, "lnk-nl")
              .set("ip", "203.0.113.20")
              .custom("contact_id", "hs-contact-7")
              .bytes(),
          ClickJson.click("c-carla-laptop", T0 + HOUR, "lnk-yt")
              .set("ip", "192.0.2.77")
              .custom("contact_id", "hs-contact-7")
              .bytes());

  static final List<String> CONVERSIONS =
      List.of(
          // Anna buys, known by her request's address and browser.
          """
          {"conversion_id":"ord-1","type":"sale","event_time":%d,"visitor_ip":"%s",
           "visitor_user_agent":"%s","amount":"129.95","currency":"EUR"}
          """
              .formatted(T0 + 3 * HOUR, ANNA_IP, ANNA_UA),
          // Bram signs up; the landing page kept his click id only.
          """
          {"conversion_id":"su-1","type":"signup","event_time":%d,"click_id":"c-bram"}
          """
              .formatted(T0 + HOUR),
          // A sign-up naming the bot's click: bots never qualify.
          """
          {"conversion_id":"su-2","type":"signup","event_time":%d,"click_id":"c-bot"}
          """
              .formatted(T0 + 3 * HOUR),
          // A CRM lead known by a contact no click names: kept unattributed.
          """
          {"conversion_id":"lead-1","type":"lead","event_time":%d,"contact_id":"hs-contact-1"}
          """
              .formatted(T0 + 2 * HOUR),
          // Carla's lead from the CRM, by her contact only: her last click, on either device.
          """
          {"conversion_id":"lead-2","type":"lead","event_time":%d,"contact_id":"hs-contact-7"}
          """
              .formatted(T0 + 2 * HOUR),
          // Carla buys on a shared computer (no click from there) and the shop knows her contact.
          """
          {"conversion_id":"ord-3","type":"sale","event_time":%d,"visitor_ip":"198.51.100.200",
           "contact_id":"hs-contact-7","amount":"10","currency":"EUR"}
          """
              .formatted(T0 + 2 * HOUR),
          // A sign-up naming a click that never came, and Carla's contact: found by the contact.
          """
          {"conversion_id":"su-3","type":"signup","event_time":%d,"click_id":"c-never",
           "contact_id":"hs-contact-7"}
          """
              .formatted(T0 + 2 * HOUR),
          // Two rejects: a sale without its amount, and a record cut short.
          """
          {"conversion_id":"ord-2","type":"sale","event_time":%d,"contact_id":"hs-contact-2"}
          """
              .formatted(T0 + 2 * HOUR),
          "{\"conversion_id\": \"broken");

  @Test
  void conversionsBecomeAttributedRowsAndDeadLetters() throws Exception {
    ClickPipelineConfig config =
        ClickPipelineConfig.from(
            GraphSources.settings(
                Map.of(
                    "privacy.visitor-hash-secret", SECRET,
                    "kafka.topic.conversions", "conversions",
                    "conversions.max-assisted", "1")));

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    GraphSinks sinks = new GraphSinks();
    new ClickPipelineJob(config)
        .build(
            env,
            new ClickPipelineSources(
                GraphSources.clicks(
                    config,
                    CLICKS.size(),
                    i -> new RawRecord("clicks.raw", 0, i, T0 + 4 * HOUR, CLICKS.get(i))),
                null,
                GraphSources.conversions(config, CONVERSIONS, T0 + 4 * HOUR)),
            sinks.sinks());
    JobExecutionResult result = env.execute("conversion-stage-graph");
    CollectingSink<AttributedConversion> table = sinks.conversions;
    CollectingSink<DeadLetter> deadLetters = sinks.deadLetters;

    assertEquals(
        List.of(
            "lead-1 0 none - 0.0",
            "lead-2 0 last_click c-carla-laptop 1.0",
            "lead-2 1 assisted c-carla-phone 1.0",
            "ord-1 0 last_click c-2 1.0",
            "ord-1 1 assisted c-1 1.0",
            "ord-3 0 last_click c-carla-laptop 1.0",
            "ord-3 1 assisted c-carla-phone 1.0",
            "su-1 0 last_click c-bram 1.0",
            "su-2 0 none - 0.0",
            "su-3 0 last_click c-carla-laptop 1.0",
            "su-3 1 assisted c-carla-phone 1.0"),
        table.collected().stream().map(ConversionsForTest::row).sorted().toList());
    AttributedConversion sale =
        table.collected().stream()
            .filter(r -> r.conversionId.equals("ord-1") && r.slot == 0)
            .findFirst()
            .orElseThrow();
    assertEquals("lnk-ig", sale.linkId);
    assertEquals("cmp-launch", sale.campaignId);
    assertEquals("129.95", sale.amount.toPlainString());
    assertEquals(T0 + HOUR, sale.clickTime);
    AttributedConversion bram =
        table.collected().stream()
            .filter(r -> r.conversionId.equals("su-1"))
            .findFirst()
            .orElseThrow();
    assertNull(
        table.collected().stream()
            .filter(r -> r.conversionId.equals("lead-1"))
            .findFirst()
            .orElseThrow()
            .visitorId);
    assertEquals(false, bram.visitorId.equals(sale.visitorId), "two visitors, two hashes");

    assertEquals(
        List.of("invalid_amount conversions", "malformed_json conversions"),
        deadLettersOf(deadLetters).stream().filter(d -> d.endsWith(" conversions")).toList());
    assertEquals(
        (long) CONVERSIONS.size(), (Long) result.getAccumulatorResult(ConversionSource.RECEIVED));
  }

  private static List<String> deadLettersOf(CollectingSink<DeadLetter> sink) {
    return sink.collected().stream().map(d -> d.reason + " " + d.topic).sorted().toList();
  }
}
