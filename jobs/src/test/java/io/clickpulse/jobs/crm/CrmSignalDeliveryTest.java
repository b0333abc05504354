package io.clickpulse.jobs.crm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.standardwebhooks.Webhook;
import io.clickpulse.jobs.AlertDeliveryJob;
import io.clickpulse.jobs.delivery.DeliverNotifications;
import io.clickpulse.jobs.delivery.DeliveryAttempt;
import io.clickpulse.jobs.delivery.DeliveryConfig;
import io.clickpulse.jobs.delivery.FakeReceiver;
import io.clickpulse.jobs.json.Json;
import io.clickpulse.jobs.kafka.RawRecord;
import io.clickpulse.jobs.testing.Await;
import io.clickpulse.jobs.testing.CollectingSink;
import io.clickpulse.jobs.testing.JsonSchemas;
import io.clickpulse.jobs.testing.MiniClusters;
import io.clickpulse.udf.crm.CrmSignal;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * CRM signals reach a CRM endpoint through the delivery job (docs/crm.md, "Delivery to a CRM"): the
 * signals as the pipeline's Kafka sink writes them, read by a feed with {@code body: item}, {@code
 * id-field: signal_id} and a {@code match} on the route, posted to a real local receiver. Each
 * signal of the route arrives once, unchanged, signed, with its signal id as webhook-id and valid
 * against the published schema; the other route's signal does not arrive.
 */
class CrmSignalDeliveryTest {
  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.withSlots(1);

  private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(new byte[32]);
  private static final String ROUTE = "crm-hubspot";

  /** The running test's attempts, read by the generator (which must be serializable). */
  private static volatile CollectingSink<DeliveryAttempt> recorded;

  @Test
  void signalsOfTheRouteArriveOnceUnchangedSignedAndKeyedByTheirIds() throws Exception {
    List<byte[]> records = new ArrayList<>();
    Map<String, String> expected = new TreeMap<>();
    List<CrmSignal> signals = CrmSignalSchemaTest.produced();
    for (int i = 0; i < signals.size(); i++) {
      CrmSignal s = signals.get(i);
      s.route = i == signals.size() - 1 ? "sales-team" : ROUTE; // the last for another route
      byte[] json = new CrmSignalSerialization().serialize(s);
      records.add(json);
      if (s.route.equals(ROUTE)) {
        expected.put(s.signalId, new String(json, StandardCharsets.UTF_8));
      }
    }
    try (FakeReceiver crm = new FakeReceiver()) {
      CollectingSink<DeliveryAttempt> attempts = new CollectingSink<>();
      recorded = attempts;
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      env.setParallelism(1);
      job(crm.url("/hubspot"))
          .build(
              env,
              new DataGeneratorSource<>(
                  i -> new RawRecord("alerts", 0, i, 0, new byte[0]),
                  0,
                  TypeInformation.of(RawRecord.class)),
              Map.of(
                  ROUTE,
                  new DataGeneratorSource<>(
                      new Signals(records, expected.size()),
                      records.size(),
                      TypeInformation.of(RawRecord.class))),
              attempts,
              new CollectingSink<>());
      env.execute("crm-signal-delivery");

      Map<String, String> received = new TreeMap<>();
      for (FakeReceiver.Request r : crm.requests) {
        new Webhook(SECRET)
            .verify(
                r.body(),
                Map.of(
                    "webhook-id", List.of(r.header("webhook-id")),
                    "webhook-timestamp", List.of(r.header("webhook-timestamp")),
                    "webhook-signature", List.of(r.header("webhook-signature"))));
        JsonNode body = Json.MAPPER.readTree(r.body());
        assertEquals(List.of(), JsonSchemas.errors(CrmSignalSchemaTest.SCHEMA, body), r.body());
        assertEquals(body.get("signal_id").asText(), r.header("webhook-id"));
        received.put(r.header("webhook-id"), r.body());
      }
      assertEquals(expected.size(), crm.requests.size(), "each signal once");
      assertEquals(expected.keySet(), received.keySet());
      for (var e : expected.entrySet()) {
        assertEquals(
            Json.MAPPER.readTree(e.getValue()), Json.MAPPER.readTree(received.get(e.getKey())));
      }
    } finally {
      recorded = null;
    }
  }

  private static AlertDeliveryJob job(String url) {
    String yaml =
        "destinations:\n"
            + "  hubspot: { type: webhook, url: '"
            + url
            + "', secrets-env: CRM_SECRETS, max-per-second: 20 }\n"
            + "feeds: [ { name: "
            + ROUTE
            + ", topic: crm_signals, destination: hubspot, body: item, id-field: signal_id,"
            + " match: { route: ["
            + ROUTE
            + "] } } ]\n"
            + "outbound: { allowed-hosts: ['127.0.0.1'] }\n";
    DeliverNotifications.SerializableEnvironment env = Map.of("CRM_SECRETS", SECRET)::get;
    return new AlertDeliveryJob(
        DeliveryConfig.parse(
            new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml", env),
        env);
  }

  /**
   * The signals as records of the topic; the last (another route's) only once the others were
   * delivered, so the bounded job does not end with sends under way.
   */
  private static final class Signals implements GeneratorFunction<Long, RawRecord> {
    private final ArrayList<byte[]> records;
    private final int deliveries;

    Signals(List<byte[]> records, int deliveries) {
      this.records = new ArrayList<>(records);
      this.deliveries = deliveries;
    }

    @Override
    public RawRecord map(Long i) {
      if (i == records.size() - 1) {
        CollectingSink<DeliveryAttempt> attempts = recorded;
        Await.until(
            "the route's signals delivered",
            Duration.ofSeconds(60),
            () -> attempts.collected().size() >= deliveries);
      }
      return new RawRecord("crm_signals", 0, i, 0, records.get(i.intValue()));
    }
  }
}
