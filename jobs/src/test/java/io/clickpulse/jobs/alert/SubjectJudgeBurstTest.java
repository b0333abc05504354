package io.clickpulse.jobs.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A new spike must stand out against the subject's own recent bursts (spike.burst-half-life): a
 * link that just had a 6x burst is not paged for a 4x one an hour later, but is for a 7x one, and
 * for the 4x one once the first has faded (days later) or with the memory off.
 */
class SubjectJudgeBurstTest {
  private static final long MINUTE = 60_000;

  private static MinuteObservation minute(long m, long humanClicks) {
    MinuteObservation o = new MinuteObservation();
    o.subjectType = SubjectClick.LINK;
    o.subjectId = "l1";
    o.linkId = "l1";
    o.campaignId = "c1";
    o.minute = m * MINUTE;
    o.humanClicks = humanClicks;
    o.clicks = humanClicks;
    return o;
  }

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
   * A link at 10 clicks a minute (Poisson: its learnt dispersion stays 0) has a burst of 60, 60
   * (6x, P(X >= 120 | 20) ~ 1e-50: it fires), {@code gap} usual minutes, then {@code second}: the
   * minutes of the second burst that are spikes.
   */
  @ParameterizedTest(name = "[{0}] 6x burst, {1} min later {2}: spikes {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        // The default (24 h): an hour later the 6x burst is still 5.9x, so 4x is no news...
        "'' | 60 | 40,40,40 | false,false,false",
        // ... and 7x is, from its second minute (the window of two), to its last.
        "'' | 60 | 70,70,70 | false,true,true",
        // A run already spiking goes on while it passes the tail test, even under the memory:
        // 70, 70 opens it, 40 (after 70: a window of 5.5x) does not end it.
        "'' | 60 | 70,70,40 | false,true,true",
        // Three days later the 6x has faded to 1 + 5/8 = 1.6x: 4x stands out again.
        "'' | 4320 | 40,40,40 | false,true,true",
        // With the memory off, 4x an hour later fires.
        "0 s | 60 | 40,40,40 | false,true,true",
        // A shorter memory: an hour is 2 half-lives, the 6x is 2.25x by then.
        "30 min | 60 | 40,40,40 | false,true,true",
      })
  void aSpikeMustBeLargerThanTheSubjectsRecentBursts(
      String halfLife, int gap, String second, String spikes) {
    SubjectJudge judge = new SubjectJudge(rules(halfLife));
    Baseline b = new Baseline();
    long m = 0;
    for (; m < 120; m++) {
      judge.judge(minute(m, 10), b);
    }
    List<Boolean> first = new ArrayList<>();
    for (long c : new long[] {60, 60}) {
      MinuteObservation o = minute(m++, c);
      judge.judge(o, b);
      first.add(o.spike);
    }
    assertEquals(List.of(false, true), first, "the first burst fires on its second minute");
    for (int i = 0; i < gap; i++) {
      judge.judge(minute(m++, 10), b);
    }
    List<Boolean> judged = new ArrayList<>();
    for (String c : second.split(",")) {
      MinuteObservation o = minute(m++, Long.parseLong(c));
      judge.judge(o, b);
      judged.add(o.spike);
    }
    List<Boolean> expected = new ArrayList<>();
    for (String s : spikes.split(",")) {
      expected.add(Boolean.parseBoolean(s));
    }
    assertEquals(expected, judged, second);
  }
}
