package io.clickpulse.jobs.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.clickpulse.udf.enrich.EnrichedClick;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** What {@link ObserveMinutes} counts per minute for the alert's context. */
class ObserveMinutesContextTest {
  private static final long MINUTE = Timeline.MINUTE;

  @Test
  void aMinuteCarriesItsLinksFailuresAndTheLatestClicksAttributes() throws Exception {
    Timeline t = new Timeline(31);
    // Minute 0 of campaign c1: l1 7 clicks (2 failing with 502, 1 with 404), l2 3 clicks.
    String[] links = {"l1", "l1", "l2", "l1", "l1", "l2", "l1", "l1", "l2", "l1"};
    int[] statuses = {302, 502, 302, 302, 404, 302, 502, 302, 302, 302};
    try (var harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new ObserveMinutes(AlertRules.bundled()), SubjectClick::subjectKey, Types.STRING)) {
      harness.open();
      for (int i = 0; i < links.length; i++) {
        EnrichedClick c = t.human(links[i], "c1", Timeline.T0 + i * 1000, i, statuses[i]);
        c.utmCampaign = "spring-" + i; // the latest click's value wins
        for (String type : List.of(SubjectClick.LINK, SubjectClick.CAMPAIGN)) {
          SubjectClick s = SubjectClick.of(c, type, type.equals("link") ? links[i] : "c1");
          harness.processElement(new StreamRecord<>(s, s.eventTime));
        }
      }
      harness.processWatermark(Timeline.T0 + MINUTE);

      List<MinuteObservation> out = harness.extractOutputValues();
      MinuteObservation campaign = only(out, "campaign:c1");
      assertEquals(
          List.of("l1=7", "l2=3"), campaign.linkCounts.stream().map(Object::toString).toList());
      assertEquals("https://sho.rt/l1", campaign.linkCounts.get(0).shortUrl);
      assertEquals(
          List.of("502=2", "404=1"), campaign.statusCounts.stream().map(Object::toString).toList());
      assertEquals(
          List.of("https://shop.example/l1=3"),
          campaign.failingDestinationCounts.stream().map(Object::toString).toList());
      assertEquals("", campaign.shortUrl, "a campaign is no link");
      assertEquals("spring-9", campaign.utmCampaign);

      MinuteObservation l1 = only(out, "link:l1");
      assertNull(l1.linkCounts, "a link lists no links");
      assertEquals("https://sho.rt/l1", l1.shortUrl);
      assertEquals("https://shop.example/l1", l1.destinationUrl);
      assertEquals("sho.rt", l1.linkDomain);
      assertEquals("spring-9", l1.utmCampaign);
      assertEquals(
          List.of("google.com=7"), l1.referrerCounts.stream().map(Object::toString).toList());
      MinuteObservation l2 = only(out, "link:l2");
      assertNull(l2.statusCounts, "no failures, nothing allocated for them");
      assertEquals("spring-8", l2.utmCampaign);

      // Nothing is left once the subjects are forgotten.
      harness.processWatermark(Timeline.T0 + 4 * 3600 * 1000);
      ObserveMinutesTest.assertForgotten(harness, AlertRules.bundled());
    }
  }

  private static MinuteObservation only(List<MinuteObservation> out, String subject) {
    List<MinuteObservation> of =
        out.stream().filter(o -> o.isMinute() && o.subjectKey().equals(subject)).toList();
    assertEquals(1, of.size(), out.toString());
    return of.get(0);
  }
}
