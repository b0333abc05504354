package io.clickpulse.jobs.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientPatternMatcherTest {
  /** Small thresholds so that each row reads at a glance. */
  private static AlertRules.Bots bots() {
    AlertRules.Bots bots = new AlertRules.Bots();
    bots.burst.clicks = 4;
    bots.burst.within = "1 s";
    bots.scan.distinctLinks = 3;
    bots.scan.within = "500 ms";
    bots.metronome.clicks = 4;
    bots.metronome.minInterval = "1 s";
    bots.metronome.maxIntervalVariation = 0.05;
    bots.metronome.within = "10 s";
    return bots;
  }

  /**
   * Clicks as {@code millis:link}, in event-time order; expected matches as {@code rule@n}, the
   * n-th click (from 1) completing the match.
   */
  @ParameterizedTest(name = "{0}: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "burst                       | 0:a 100:a 200:a 300:a                   | bot_burst@4",
        "burst needs less than 1 s   | 0:a 100:a 200:a 1000:a                  | ''",
        "next run starts after match | 0:a 100:a 200:a 300:a 400:a 500:a 600:a 700:a | bot_burst@4 bot_burst@8",
        "scan of distinct links      | 0:a 100:b 200:c                         | bot_scan@3",
        "repeated link is no scan    | 0:a 100:b 200:a                         | ''",
        "scan after a repeat         | 0:a 100:b 200:a 300:c                   | bot_burst@4 bot_scan@4",
        "scan too slow               | 0:a 300:b 600:c                         | ''",
        "scan then burst             | 0:a 100:b 200:c 300:d                   | bot_scan@3 bot_burst@4",
        "metronome                   | 0:a 2000:b 4000:a 6000:b                | bot_metronome@4",
        "irregular is human          | 0:a 2000:a 3000:a 6000:a                | ''",
        "regular but too fast        | 0:a 900:a 1800:a 2700:a                 | ''",
        "metronome needs the window  | 0:a 4000:a 8000:a 12000:a               | ''",
        "unconfirmed match ends run  | 0:a 1500:a 3000:a 6000:a 8000:a 10000:a 12000:a | ''",
        "run after unconfirmed match | 0:a 1500:a 3000:a 6000:a 8000:a 10000:a 12000:a 14000:a | bot_metronome@8",
      })
  void findsThePatternsInOneClientsClicks(String name, String clicks, String expected) {
    ClientPatternMatcher matcher = new ClientPatternMatcher(bots());
    RecentClicks recent = new RecentClicks();
    List<String> found = new ArrayList<>();
    String[] items = clicks.trim().split("\\s+");
    for (int i = 0; i < items.length; i++) {
      String[] timeAndLink = items[i].split(":");
      ClientClick click = new ClientClick();
      click.visitorId = 7;
      click.eventTime = Long.parseLong(timeAndLink[0]);
      click.linkId = timeAndLink[1];
      for (ClientPatternMatcher.Match m : matcher.add(recent, click)) {
        found.add(m.pattern().rule() + "@" + (i + 1));
        assertEquals(m.pattern().clicks(bots()), m.clicks().size());
        assertEquals(click, m.clicks().get(m.clicks().size() - 1), "the run ends at this click");
      }
    }
    assertEquals(expected, String.join(" ", found));
  }
}
