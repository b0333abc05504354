package io.clickpulse.jobs.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clickpulse.udf.enrich.EnrichedClick;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A daily rule's context, from the offending clicks that made it fire. */
class DailyTallyTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // country,referrer,bot per click      | clicks | humans | share | countries       |
        // referrers
        "AT,t.co,h DE,,b DE,t.co,h             | 3      | 2      | 0.667 | DE=2 AT=1       | t.co=2 (direct)=1",
        "BR,,h                                 | 1      | 1      | 1.0   | BR=1            | (direct)=1",
        "-,x.com,b -,x.com,b US,x.com,b FR,,h  | 4      | 1      | 0.25  | ??=2 FR=1 US=1  | x.com=3 (direct)=1",
      })
  void countsTheClicksThatMadeTheRuleFire(
      String clicks, long all, long humans, double share, String countries, String referrers) {
    Timeline t = new Timeline(1);
    DailyTally tally = new DailyTally();
    EnrichedClick last = null;
    for (String spec : clicks.split(" ")) {
      String[] f = spec.split(",", -1);
      last = t.human("l1", "c1", Timeline.T0, 1, 302);
      last.click.country = f[0].equals("-") ? null : f[0];
      last.referrerDomain = f[1];
      last.isBot = f[2].equals("b");
      tally.add(last);
    }

    AlertContext c = AlertContexts.daily(last, tally);

    assertEquals(all, c.clicks);
    assertEquals(humans, c.humanClicks);
    assertEquals(share, c.humanShare);
    assertEquals(List.of(countries.split(" ")), names(c.topCountries));
    assertEquals(List.of(referrers.split(" ")), names(c.topReferrers));
    assertEquals("https://shop.example/l1", c.destinationUrl);
    assertEquals("email", c.channel);
  }

  private static List<String> names(List<AlertContext.Count> counts) {
    return counts.stream().map(Object::toString).toList();
  }
}
