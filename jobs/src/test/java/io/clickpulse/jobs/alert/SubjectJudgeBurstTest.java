package io.clickpulse.jobs.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A new spike must stand out against the subject's own recent bursts (spike.burst-half-life) once
 * bursts are its pattern: a link that had two 6x bursts is not paged for a 4x one an hour later,
 * but is for a 7x one, and for the 4x one after a single earlier burst, once the bursts have faded
 * (days later), or with the memory off.
 */
class SubjectJudgeBurstTest {
  private static AlertRules rules(String halfLife) {
    return halfLife.isEmpty()
        ? AlertRules.bundled()
        : AlertRules.parse(
            new ByteArrayInputStream(
                ("spike: { burst-half-life: \"" + halfLife + "\" }")
                    .getBytes(StandardCharsets.UTF_8)),
            "test.yaml");
  }

  /**
   * A link at 10 clicks a minute (Poisson: its learnt dispersion stays 0) has {@code bursts} bursts
   * of 60, 60 with 45 usual minutes between them (6x, P(X >= 120 | 20) ~ 1e-50: each fires, as one
   * earlier burst is no pattern yet), {@code gap} usual minutes, then {@code next}: its minutes
   * that are spikes.
   */
  @ParameterizedTest(name = "[{0}] {1} 6x bursts, {2} min later {3}: spikes {4}")
  @CsvSource(
      delimiter = '|',
      value = {
        // The default (24 h): after two 6x bursts, an hour later they are still 5.9x, so 4x is no
        // news...
        "'' | 2 | 60 | 40,40,40 | false,false,false",
        // ... and 7x is, from its second minute (the window of two) to its last.
        "'' | 2 | 60 | 70,70,70 | false,true,true",
        // A run already spiking goes on while it passes the tail test, even under the memory:
        // 70, 70 opens it, 40 (after 70: a window of 5.5x) does not end it.
        "'' | 2 | 60 | 70,70,40 | false,true,true",
        // One earlier burst is no pattern: it may have been an incident, and 4x still fires.
        "'' | 1 | 60 | 40,40,40 | false,true,true",
        // Three days later the bursts have faded (2 bursts are 0.25, the 6x is 1.6x).
        "'' | 2 | 4320 | 40,40,40 | false,true,true",
        // With the memory off, 4x an hour later fires.
        "0 s | 2 | 60 | 40,40,40 | false,true,true",
        // A shorter memory (2 h): the two bursts, 47 minutes apart, count 1 + 0.76 = 1.76; two
        // hours later 0.87, no pattern any more, and 4x fires...
        "2 h | 2 | 120 | 40,40,40 | false,true,true",
        // ... while 4 minutes later they still count 1.72 and remember 5.9x.
        "2 h | 2 | 2 | 40,40,40 | false,false,false",
      })
  void aSpikeMustBeLargerThanTheSubjectsRecentBursts(
      String halfLife, int bursts, int gap, String next, String expected) {
    LinkMinutes link = new LinkMinutes(rules(halfLife)).usual(120, 10);
    for (int i = 0; i < bursts; i++) {
      assertEquals(List.of(false, true), link.spikes(60, 60), "burst " + (i + 1) + " fires");
      link.usual(i + 1 < bursts ? 45 : gap, 10);
    }
    long[] clicks = Arrays.stream(next.split(",")).mapToLong(Long::parseLong).toArray();
    List<Boolean> want = new ArrayList<>();
    for (String s : expected.split(",")) {
      want.add(Boolean.parseBoolean(s));
    }
    assertEquals(want, link.spikes(clicks), next);
  }

  /**
   * One incident with a dip below 2x inside it (60, 60, 15, 60, 60 at 10 a minute) is one burst,
   * not two: an hour later a 4x incident on the same link still fires.
   */
  @Test
  void anIncidentWithADipIsOneBurst() {
    LinkMinutes link = new LinkMinutes(AlertRules.bundled()).usual(120, 10);
    assertEquals(List.of(false, true, false, false, true), link.spikes(60, 60, 15, 60, 60));
    link.usual(60, 10);
    assertEquals(List.of(false, true, true), link.spikes(40, 40, 40));
  }

  /**
   * A link learnt from silence (a baseline of 0 human clicks: only bots clicked it) bursts twice
   * with a few people: against no baseline that would be an infinite ratio, remembered for good.
   * Taken against min-increase (3) a minute, it is 1x, and a later burst of 20 a minute fires.
   */
  @Test
  void burstsOverASilentBaselineDoNotSilenceTheLink() {
    LinkMinutes link = new LinkMinutes(AlertRules.bundled()).usual(120, 0);
    for (int burst = 0; burst < 2; burst++) {
      assertEquals(List.of(false, true), link.spikes(3, 3), "burst " + (burst + 1));
      link.usual(45, 0);
    }
    assertEquals(List.of(false, true, true), link.spikes(20, 20, 20));
  }
}
