package io.clickpulse.microbench.jmh;

import io.clickpulse.microbench.SampleClicks;
import io.clickpulse.udf.enrich.NormalizedUtm;
import io.clickpulse.udf.enrich.UtmNormalizer;
import io.clickpulse.udf.enrich.UtmTaxonomy;
import io.clickpulse.udf.event.ClickEvent;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The five UTM fields and the channel of one click through the bundled taxonomy, with the
 * generator's spellings ("You%20Tube", "E-Mail", "retarget%2Dq4", ...).
 */
@State(Scope.Thread)
public class UtmBenchmark {
  private ClickEvent[] events;
  private UtmNormalizer normalizer;
  private int next;

  @Setup
  public void setUp() {
    events = SampleClicks.events(Samples.SIZE, 2).toArray(new ClickEvent[0]);
    normalizer = new UtmNormalizer(UtmTaxonomy.bundled());
  }

  @Benchmark
  public NormalizedUtm normalize() {
    ClickEvent e = events[next++ & Samples.MASK];
    return normalizer.normalize(
        e.utmSource, e.utmMedium, e.utmCampaign, e.utmTerm, e.utmContent, e.channel);
  }
}
