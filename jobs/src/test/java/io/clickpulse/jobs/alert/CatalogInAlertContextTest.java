package io.clickpulse.jobs.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clickpulse.udf.enrich.EnrichedClick;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * Clicks stamped by the link catalog (docs/links.md) give the click rules' alerts the campaign name
 * and the link's owner; unstamped clicks keep the click's own owner and an empty name.
 */
class CatalogInAlertContextTest {
  private final Timeline t = new Timeline(31);

  private EnrichedClick stamped(long time) {
    EnrichedClick c = t.human("l1", "c1", time, 1, 302);
    c.campaignName = "Winter sale 2026";
    c.linkOwner = "maria.jansen@acme.com";
    return c;
  }

  @Test
  void theCatalogsOwnerAndCampaignNameReachSubjectsAndContexts() {
    EnrichedClick plain = t.human("l1", "c1", Timeline.T0, 1, 302);
    SubjectClick unstamped = SubjectClick.of(plain, SubjectClick.LINK, "l1");
    assertEquals(plain.click.campaignOwner, unstamped.owner, "no catalog: the click's owner");
    assertEquals("", unstamped.campaignName);

    SubjectClick s = SubjectClick.of(stamped(Timeline.T0), SubjectClick.LINK, "l1");
    assertEquals("maria.jansen@acme.com", s.owner, "the catalog's owner answers for the link");
    AlertContext counted = AlertContexts.counted(s, 3);
    assertEquals("Winter sale 2026", counted.campaignName);
    assertEquals("Winter sale 2026", AlertContexts.recounted(counted, 4).campaignName);
    assertEquals(
        "Winter sale 2026",
        AlertContexts.daily(stamped(Timeline.T0), new DailyTally()).campaignName);
  }

  @Test
  void aMinuteObservationAndSoAnEpisodeCarryTheCampaignName() throws Exception {
    try (var harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new ObserveMinutes(AlertRules.bundled()), SubjectClick::subjectKey, Types.STRING)) {
      harness.open();
      SubjectClick s = SubjectClick.of(stamped(Timeline.T0), SubjectClick.LINK, "l1");
      harness.processElement(new StreamRecord<>(s, s.eventTime));
      harness.processWatermark(Timeline.T0 + Timeline.MINUTE);
      List<MinuteObservation> minutes =
          harness.extractOutputValues().stream().filter(MinuteObservation::isMinute).toList();
      assertEquals(1, minutes.size(), minutes.toString());
      MinuteObservation o = minutes.get(0);
      assertEquals("Winter sale 2026", o.campaignName);
      assertEquals("maria.jansen@acme.com", o.owner);
      assertEquals("Winter sale 2026", AlertContexts.episode(List.of(o)).campaignName);
    }
  }
}
