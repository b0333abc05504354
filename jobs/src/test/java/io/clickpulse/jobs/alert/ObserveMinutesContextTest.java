package io.clickpulse.jobs.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    // Campaign c1 has 2 hours of a click a minute on l0, then 3 spiking minutes, each: l1 14 clicks
    // (6 failing with 502, 4 with 404: broken, by the bundled rules' 5 failures a minute), l2 6.
    String[] links = {"l1", "l1", "l2", "l1", "l1", "l2", "l1", "l1", "l2", "l1"};
    int[] statuses = {302, 502, 302, 502, 404, 302, 502, 404, 302, 302};
    long spike = Timeline.T0 + 122 * MINUTE; // the spike's third minute, judged
    try (var harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new ObserveMinutes(AlertRules.bundled()), SubjectClick::subjectKey, Types.STRING)) {
      harness.open();
      for (int m = 0; m < 120; m++) {
        send(harness, t.human("l0", "c1", Timeline.T0 + m * MINUTE, m, 302), "l0");
      }
      for (long minute = spike - 2 * MINUTE; minute <= spike; minute += MINUTE) {
        for (int i = 0; i < 2 * links.length; i++) {
          int k = i % links.length;
          EnrichedClick c = t.human(links[k], "c1", minute + i * 1000, minute + i, statuses[k]);
          c.utmCampaign = "spring-" + i; // the latest click's value wins
          send(harness, c, links[k]);
        }
      }
      harness.processWatermark(spike + MINUTE);

      List<MinuteObservation> out =
          harness.extractOutputValues().stream().filter(o -> o.minute == spike).toList();
      MinuteObservation campaign = only(out, "campaign:c1");
      assertTrue(campaign.spike, campaign.toString());
      assertEquals(
          List.of("l1=14", "l2=6"), campaign.linkCounts.stream().map(Object::toString).toList());
      assertEquals("https://sho.rt/l1", campaign.linkCounts.get(0).shortUrl);
      assertEquals(
          List.of("502=6", "404=4"), campaign.statusCounts.stream().map(Object::toString).toList());
      assertEquals(
          List.of("https://shop.example/l1=10"),
          campaign.failingDestinationCounts.stream().map(Object::toString).toList());
      assertEquals("", campaign.shortUrl, "a campaign is no link");
      assertEquals("spring-19", campaign.utmCampaign);

      MinuteObservation l1 = only(out, "link:l1");
      assertNull(l1.linkCounts, "a link lists no links");
      assertEquals("https://sho.rt/l1", l1.shortUrl);
      assertEquals("https://shop.example/l1", l1.destinationUrl);
      assertEquals("sho.rt", l1.linkDomain);
      assertEquals("spring-19", l1.utmCampaign);
      assertEquals(
          List.of("google.com=14"), l1.referrerCounts.stream().map(Object::toString).toList());
      MinuteObservation l2 = only(out, "link:l2");
      assertEquals("spring-18", l2.utmCampaign);
      // A calm minute after a calm one reaches no pattern (Episode.matters): no context counted.
      assertNull(l2.referrerCounts, l2.toString());
      assertEquals("", l2.topReferrers);
      assertNull(l2.statusCounts);

      // Nothing is left once the subjects are forgotten.
      harness.processWatermark(Timeline.T0 + 4 * 3600 * 1000);
      ObserveMinutesTest.assertForgotten(harness, AlertRules.bundled());
    }
  }

  private static void send(
      KeyedOneInputStreamOperatorTestHarness<String, SubjectClick, MinuteObservation> harness,
      EnrichedClick c,
      String link)
      throws Exception {
    for (String type : List.of(SubjectClick.LINK, SubjectClick.CAMPAIGN)) {
      SubjectClick s = SubjectClick.of(c, type, type.equals(SubjectClick.LINK) ? link : "c1");
      harness.processElement(new StreamRecord<>(s, s.eventTime));
    }
  }

  private static MinuteObservation only(List<MinuteObservation> out, String subject) {
    List<MinuteObservation> of =
        out.stream().filter(o -> o.isMinute() && o.subjectKey().equals(subject)).toList();
    assertEquals(1, of.size(), out.toString());
    return of.get(0);
  }
}
