package io.clickpulse.jobs.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** An episode's context: window totals from its minutes' counts. */
class AlertContextsTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // per minute: clicks/humans/errors; referrers; statuses; links (- = none)
        "30/30/9;a.com=20,b.org=10;502=7,404=2;-"
            + "                                 | 30 | 1.0 | 0.3  | a.com=20 b.org=10 | 502=7 404=2 | -",
        "40/30/0;a.com=30,t.co=10;-;l1=30,l2=10 20/20/0;t.co=15,a.com=5;-;l2=12,l3=8"
            + "    | 60 | 0.833 | 0.0 | a.com=35 t.co=25 | - | l1=30 l2=22 l3=8",
        "10/10/5;-;0=5;- 10/10/6;-;0=2,503=4;-"
            + "                                       | 20 | 1.0 | 0.55 | - | 0=7 503=4 | -",
        "6/6/0;a=1,b=1,c=1,d=1,e=1,f=1;-;-"
            + "                                            | 6  | 1.0 | 0.0 | a=1 b=1 c=1 d=1 e=1 | - | -",
      })
  void sumsTheWindowsMinutes(
      String minutes,
      long clicks,
      double humanShare,
      double failingShare,
      String referrers,
      String statuses,
      String links) {
    List<MinuteObservation> run = new ArrayList<>();
    for (String spec : minutes.split(" ")) {
      String[] f = spec.split(";");
      String[] n = f[0].split("/");
      MinuteObservation o = new MinuteObservation();
      o.clicks = Long.parseLong(n[0]);
      o.humanClicks = Long.parseLong(n[1]);
      o.redirectErrors = Long.parseLong(n[2]);
      o.baselineMean = run.isEmpty() ? 12.34 : 99;
      o.shortUrl = "https://sho.rt/x";
      o.referrerCounts = counts(f[1]);
      if (!f[2].equals("-")) {
        o.statusCounts =
            Arrays.stream(f[2].split(","))
                .map(s -> s.split("="))
                .map(
                    s -> new AlertContext.StatusCount(Integer.parseInt(s[0]), Long.parseLong(s[1])))
                .toList();
      }
      if (!f[3].equals("-")) {
        o.linkCounts =
            Arrays.stream(f[3].split(","))
                .map(s -> s.split("="))
                .map(
                    s -> {
                      AlertContext.LinkCount l = new AlertContext.LinkCount(s[0]);
                      l.shortUrl = "https://sho.rt/" + s[0];
                      l.clicks = Long.parseLong(s[1]);
                      return l;
                    })
                .toList();
      }
      run.add(o);
    }

    AlertContext c = AlertContexts.episode(run);

    assertEquals(clicks, c.clicks);
    assertEquals(humanShare, c.humanShare);
    assertEquals(failingShare, c.failingShare);
    assertEquals(12.3, c.baseline, "the baseline the episode began against");
    assertEquals("https://sho.rt/x", c.shortUrl);
    assertEquals(list(referrers), strings(c.topReferrers));
    assertEquals(list(statuses), strings(c.statusCodes));
    assertEquals(list(links), strings(c.topLinks));
    c.topLinks.forEach(l -> assertEquals("https://sho.rt/" + l.linkId, l.shortUrl));
  }

  private static List<AlertContext.Count> counts(String spec) {
    return spec.equals("-")
        ? null
        : Arrays.stream(spec.split(","))
            .map(s -> s.split("="))
            .map(s -> new AlertContext.Count(s[0], Long.parseLong(s[1])))
            .toList();
  }

  private static List<String> list(String spec) {
    return spec.equals("-") ? List.of() : List.of(spec.split(" "));
  }

  private static List<String> strings(List<?> values) {
    return values.stream().map(Object::toString).toList();
  }
}
