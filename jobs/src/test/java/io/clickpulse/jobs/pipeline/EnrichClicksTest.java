package io.clickpulse.jobs.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.jobs.settings.Secret;
import io.clickpulse.udf.enrich.EnrichedClick;
import io.clickpulse.udf.enrich.UserAgentClassifier;
import io.clickpulse.udf.enrich.UtmTaxonomy;
import io.clickpulse.udf.event.ClickEvent;
import java.util.List;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class EnrichClicksTest {
  private static final int CACHE_SIZE = 23; // no other test asks for this size

  /**
   * Two enrich tasks of a TaskManager share one user-agent analyzer (about 200 MB each before) and
   * give it back when they close, parked for a restart's tasks (which take it instead of building
   * one) until the job's class loader is released.
   */
  @Test
  void tasksShareTheUserAgentAnalyzerAndParkItForARestart() throws Exception {
    try (var first = harness();
        var second = harness()) {
      first.open();
      second.open();
      assertEquals(2, UserAgentClassifier.holders(CACHE_SIZE));

      ClickEvent click = new ClickEvent();
      click.eventId = "e1";
      click.linkId = "lnk-1";
      click.ip = "203.0.113.7";
      click.userAgent =
          "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
              + " Chrome/124.0.0.0 Safari/537.36";
      first.processElement(new StreamRecord<>(click, 0));
      List<EnrichedClick> out = first.extractOutputValues();
      assertEquals("desktop", out.get(0).deviceClass);

      first.close();
      assertEquals(1, UserAgentClassifier.holders(CACHE_SIZE));
    }
    assertEquals(0, UserAgentClassifier.holders(CACHE_SIZE));
    assertTrue(UserAgentClassifier.parked(CACHE_SIZE));

    try (var restarted = harness()) {
      restarted.open();
      assertFalse(UserAgentClassifier.parked(CACHE_SIZE), "the restarted task took it");
      assertEquals(1, UserAgentClassifier.holders(CACHE_SIZE));
    }
    UserAgentClassifier.dropParked(); // the release hook of the job's class loader
    assertFalse(UserAgentClassifier.parked(CACHE_SIZE));
  }

  private static OneInputStreamOperatorTestHarness<ClickEvent, EnrichedClick> harness()
      throws Exception {
    return new OneInputStreamOperatorTestHarness<>(
        new ProcessOperator<>(
            new EnrichClicks(
                UtmTaxonomy.bundled(),
                Secret.inline("enrich-test-secret-0123456789"),
                CACHE_SIZE,
                "clicks.raw")));
  }
}
