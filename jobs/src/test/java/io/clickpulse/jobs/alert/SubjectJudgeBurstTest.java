package io.clickpulse.jobs.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A new spike must stand out against the subject's own recent bursts (spike.burst-half-life) once
 * bursts are its pattern: a link that had two 6x bursts is not paged for a 4x one an hour later,
 * but is for a 7x one, and for the 4x one after a single earlier burst, once the bursts have faded
 * (days later), or with the memory off.
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

  private static List<Boolean> spikes(SubjectJudge judge, Baseline b, long from, long... clicks) {
    List<Boolean> spikes = new ArrayList<>();
    for (long c : clicks) {
      MinuteObservation o = minute(from++, c);
      judge.judge(o, b);
      spikes.add(o.spike);
    }
    return spikes;
  }

  /**
   * A link at 10 clicks a minute (Poisson: its learnt dispersion stays 0) has {@code bursts} bursts
   * of 60, 60 half an hour apart (6x, P(X >= 120 | 20) ~ 1e-50: each fires, as one earlier burst is
   * no pattern yet), {@code gap} usual minutes, then {@code next}: its minutes that are spikes.
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
        // A shorter memory: an hour is 2 half-lives, the two bursts count 0.5 by then.
        "30 min | 2 | 60 | 40,40,40 | false,true,true",
      })
  void aSpikeMustBeLargerThanTheSubjectsRecentBursts(
      String halfLife, int bursts, int gap, String next, String expected) {
    SubjectJudge judge = new SubjectJudge(rules(halfLife));
    Baseline b = new Baseline();
    long m = 0;
    for (; m < 120; m++) {
      judge.judge(minute(m, 10), b);
    }
    for (int i = 0; i < bursts; i++) {
      assertEquals(
          List.of(false, true), spikes(judge, b, m, 60, 60), "burst " + (i + 1) + " fires");
      m += 2;
      for (long end = m + (i + 1 < bursts ? 30 : gap); m < end; m++) {
        judge.judge(minute(m, 10), b);
      }
    }
    long[] clicks = Arrays.stream(next.split(",")).mapToLong(Long::parseLong).toArray();
    List<Boolean> want = new ArrayList<>();
    for (String s : expected.split(",")) {
      want.add(Boolean.parseBoolean(s));
    }
    assertEquals(want, spikes(judge, b, m, clicks), next);
  }
}
