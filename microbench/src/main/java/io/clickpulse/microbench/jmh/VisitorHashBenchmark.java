package io.clickpulse.microbench.jmh;

import io.clickpulse.microbench.SampleClicks;
import io.clickpulse.udf.enrich.IpPrivacy;
import io.clickpulse.udf.event.ClickEvent;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The keyed HMAC-SHA256 visitor id over IP and user agent ({@link IpPrivacy#visitorId}), and all
 * that enrichment derives from an IP per click (visitor id, IP hash, /24 or /48 network).
 */
@State(Scope.Thread)
public class VisitorHashBenchmark {
  private String[] ips;
  private String[] agents;
  private IpPrivacy privacy;
  private int next;

  @Setup
  public void setUp() {
    ClickEvent[] events = SampleClicks.events(Samples.SIZE, 4).toArray(new ClickEvent[0]);
    ips = new String[events.length];
    agents = new String[events.length];
    for (int i = 0; i < events.length; i++) {
      ips[i] = events[i].ip;
      agents[i] = events[i].userAgent;
    }
    privacy = new IpPrivacy(SampleClicks.SECRET);
  }

  @Benchmark
  public long visitorId() {
    int i = next++ & Samples.MASK;
    return privacy.visitorId(ips[i], agents[i]);
  }

  @Benchmark
  public void perClick(Blackhole bh) {
    int i = next++ & Samples.MASK;
    bh.consume(privacy.visitorId(ips[i], agents[i]));
    bh.consume(privacy.ipHash(ips[i]));
    bh.consume(IpPrivacy.network(ips[i]));
  }
}
