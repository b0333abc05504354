package io.clickpulse.jobs.conversion;

import static io.clickpulse.jobs.conversion.ConversionsForTest.DAY;
import static io.clickpulse.jobs.conversion.ConversionsForTest.MINUTE;
import static io.clickpulse.jobs.conversion.ConversionsForTest.T0;
import static io.clickpulse.jobs.conversion.ConversionsForTest.bot;
import static io.clickpulse.jobs.conversion.ConversionsForTest.byClick;
import static io.clickpulse.jobs.conversion.ConversionsForTest.click;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clickpulse.udf.conversion.AttributionClick;
import io.clickpulse.udf.conversion.ConversionEvent;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ResolveClickIdsTest {
  static final Duration RETENTION = Duration.ofDays(37);

  private KeyedTwoInputStreamOperatorTestHarness<
          String, AttributionClick, ConversionEvent, ConversionEvent>
      harness;

  @BeforeEach
  void open() throws Exception {
    harness =
        new KeyedTwoInputStreamOperatorTestHarness<>(
            new KeyedCoProcessOperator<>(new ResolveClickIds(RETENTION, Duration.ofMinutes(1))),
            c -> c.clickId,
            c -> c.clickId,
            Types.STRING);
    harness.setStateTtlProcessingTime(0);
    harness.open();
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  private void send(AttributionClick c) throws Exception {
    harness.processElement1(new StreamRecord<>(c, c.eventTime));
  }

  private void convert(ConversionEvent e) throws Exception {
    harness.processElement2(new StreamRecord<>(e, e.eventTime));
  }

  private void watermark(long time) throws Exception {
    harness.processWatermark1(new Watermark(time));
    harness.processWatermark2(new Watermark(time));
  }

  /** "conversion visitor" of what came out, then forgotten. */
  private List<String> out() {
    List<String> out =
        harness.extractOutputValues().stream()
            .map(e -> e.conversionId + " " + e.visitorId)
            .toList();
    harness.getOutput().clear();
    return out;
  }

  @Test
  void aConversionAfterItsClickGetsTheVisitorAtOnce() throws Exception {
    send(click("c-1", 1001L, T0, "lnk_nl"));
    convert(byClick("su-1", "c-1", T0 + 2 * DAY));
    assertEquals(List.of("su-1 1001"), out());
  }

  @Test
  void aConversionBeforeItsClickWaitsForIt() throws Exception {
    watermark(T0);
    convert(byClick("su-2", "c-2", T0 + 10 * MINUTE));
    assertEquals(List.of(), out());
    assertEquals(1, harness.numEventTimeTimers());
    send(click("c-2", 1002L, T0 + 5 * MINUTE, "lnk_ig"));
    assertEquals(List.of("su-2 1002"), out());
    assertEquals(0, harness.numEventTimeTimers(), "its timer is deleted");
  }

  @Test
  void aClickThatNeverComesLetsTheConversionGoOnUnresolved() throws Exception {
    watermark(T0);
    convert(byClick("su-3", "c-lost", T0 + 10 * MINUTE));
    watermark(T0 + 11 * MINUTE - 1);
    assertEquals(List.of(), out());
    watermark(T0 + 11 * MINUTE);
    assertEquals(List.of("su-3 null"), out());
    assertEquals(0, harness.numKeyedStateEntries());
    assertEquals(0, harness.numEventTimeTimers());
    // Arriving after the grace: on at once.
    convert(byClick("su-4", "c-lost", T0 + 5 * MINUTE));
    assertEquals(List.of("su-4 null"), out());
  }

  @Test
  void botClicksAreNotIndexed() throws Exception {
    send(bot("c-bot", 1003L, T0, "lnk_ig"));
    assertEquals(0, harness.numKeyedStateEntries());
    watermark(T0 + DAY);
    convert(byClick("su-5", "c-bot", T0 + MINUTE));
    assertEquals(List.of("su-5 null"), out());
  }

  @Test
  void theIndexExpiresAfterTheRetention() throws Exception {
    send(click("c-6", 1006L, T0, "lnk_nl"));
    watermark(T0 + 40 * DAY);
    harness.setStateTtlProcessingTime(RETENTION.toMillis() - 1);
    convert(byClick("su-6", "c-6", T0 + DAY));
    assertEquals(List.of("su-6 1006"), out());
    harness.setStateTtlProcessingTime(RETENTION.toMillis() + 1);
    convert(byClick("su-7", "c-6", T0 + DAY));
    assertEquals(List.of("su-7 null"), out());
    assertEquals(0, harness.numEventTimeTimers());
  }
}
