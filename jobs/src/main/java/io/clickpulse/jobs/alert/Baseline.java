package io.clickpulse.jobs.alert;

import io.clickpulse.jobs.wire.WireValues;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * An adaptive per-minute baseline: exponentially weighted mean and variance, with a half-life of
 * roughly the trailing hour. Plain Java, held in Flink state by {@link ObserveMinutes}.
 */
public class Baseline {
  /** The longest window of minutes a rule may add up ({@code window-minutes}). */
  public static final int MAX_WINDOW = 5;

  public double mean;
  public double variance;

  /** Minutes observed; rules wait for a warm-up before trusting the baseline. */
  public int minutes;

  /**
   * What the last minute judged was (not learnt from: kept so that the next minute knows whether it
   * follows a spike, a drop or a broken minute, see {@link MinuteObservation#afterSpike}).
   */
  public boolean lastSpike;

  public boolean lastDrop;
  public boolean lastBroken;

  /**
   * The first minute not judged or learnt yet (0 before the first): the minutes without clicks from
   * here to the next judged one are learnt as silence ({@link ObserveMinutes}).
   */
  public long nextMinute;

  /**
   * The minute without clicks that will be judged even so (0: none), see {@link ObserveMinutes}.
   */
  public long watchedMinute;

  /**
   * Human clicks of the latest judged or learnt minutes, the latest first (spikes and drops
   * included: the rules add up runs of them).
   */
  public long[] recent = new long[MAX_WINDOW - 1];

  /**
   * How many of the latest {@link #recent} minutes are held back from learning: calm minutes that
   * could begin a spike, learnt once the run ends without one (see {@link SubjectJudge}).
   */
  public int held;

  public Baseline() {}

  /** A copy to try out minutes on. */
  public Baseline copy() {
    Baseline c = new Baseline();
    c.mean = mean;
    c.variance = variance;
    c.minutes = minutes;
    c.lastSpike = lastSpike;
    c.lastDrop = lastDrop;
    c.lastBroken = lastBroken;
    c.nextMinute = nextMinute;
    c.watchedMinute = watchedMinute;
    c.recent = recent.clone();
    c.held = held;
    c.excess = excess;
    c.scale = scale;
    c.dispersionMinutes = dispersionMinutes;
    c.burstRatio = burstRatio;
    c.burstMinute = burstMinute;
    c.bursts = bursts;
    c.lastBurstMinute = lastBurstMinute;
    return c;
  }

  /**
   * Adds one minute's count; {@code alpha} is 2 / (span + 1) for a span of minutes. The first
   * minutes weigh alike (alpha 1 / n until that is smaller than the span's), else the first minute
   * would dominate the mean for an hour and a quiet link's warm-up would judge against one sample.
   */
  public void update(double value, double alpha) {
    double a = Math.max(alpha, 1.0 / (minutes + 1));
    double diff = value - mean;
    if (minutes >= DISPERSION_FROM && dispersionMinutes == 0) {
      // Starts from the hour's variance, weighing as the minutes it rests on (also for a
      // baseline restored from before the dispersion was learnt), not from one squared error.
      excess = variance - Math.max(0, mean);
      scale = mean * mean;
      dispersionMinutes = Math.min(minutes, 60);
    }
    if (minutes >= DISPERSION_FROM) {
      double b = Math.max(DISPERSION_ALPHA, 1.0 / (dispersionMinutes + 1));
      excess += b * (diff * diff - Math.max(0, mean) - excess);
      scale += b * (mean * mean - scale);
      dispersionMinutes++;
    }
    mean += a * diff;
    variance = (1 - a) * (variance + a * diff * diff);
    minutes++;
  }

  /**
   * The span (minutes) over which the dispersion is learnt: a day. The mean must follow the daily
   * cycle, so it is learnt over an hour, but how bursty a link is changes slowly, and estimated
   * from an hour of minutes it is so noisy that the tail tests were sometimes far too wide (missing
   * spikes on quiet links) and sometimes far too narrow (paging for bursty traffic).
   */
  static final double DISPERSION_ALPHA = 2.0 / (24 * 60 + 1);

  /** The first minutes' means rest on a handful of minutes: their errors would say nothing. */
  static final int DISPERSION_FROM = 5;

  /**
   * The day's mean of (x - mean)² - mean over learnt minutes, x the minute's clicks and mean the
   * baseline's before it: the excess of the squared prediction error over Poisson noise.
   */
  public double excess;

  /** The day's mean of mean² over the same minutes. */
  public double scale;

  /** Minutes {@link #excess} and {@link #scale} have learnt. */
  public int dispersionMinutes;

  /**
   * The variance of a minute that the tail tests use: mean + c·mean², with c = excess / scale the
   * overdispersion learnt over the day (c = 1/k for a rate varying as a gamma variable of shape k;
   * 0 is Poisson). It is the prediction error's, so the baseline's own noise and lag count too.
   */
  public double testVariance() {
    if (dispersionMinutes == 0) {
      return Math.max(0, variance); // none learnt yet: the hour's
    }
    double m = Math.max(0, mean);
    double c = scale > 0 ? Math.max(0, excess / scale) : 0;
    return m + c * m * m;
  }

  /**
   * The largest ratio to the baseline of the subject's recent bursts (windows that passed the spike
   * tail test, whether they fired or not), as of {@link #burstMinute}; 0 before the first. A new
   * spike must stand out against it ({@link #burstAt}).
   */
  public double burstRatio;

  /** The minute (epoch ms) {@link #burstRatio} was last raised. */
  public long burstMinute;

  /** How many separate bursts the subject had lately, as of {@link #lastBurstMinute}, decaying. */
  public double bursts;

  /** The latest minute (epoch ms) of a burst. */
  public long lastBurstMinute;

  /**
   * Bursts are the subject's pattern, not one event, from two within a half-life (1.5: the first
   * still counts at least half when the second comes): one earlier burst may have been an incident
   * or a fluke, and a real incident after it should still be paged.
   */
  static final double BURSTY = 1.5;

  /**
   * The ratio a burst must exceed at {@code minute} to stand out (0: any): the largest recent one,
   * its excess over 1 (the baseline itself) halving every {@code halfLifeMinutes}, once the subject
   * is bursty ({@link #BURSTY}); 0 with a half-life of 0. By time, not by minutes learnt, so that
   * silent minutes, which are not judged one by one, age it alike.
   */
  public double burstAt(long minute, double halfLifeMinutes) {
    if (halfLifeMinutes <= 0
        || burstRatio <= 1
        || decayed(bursts, lastBurstMinute, minute, halfLifeMinutes) < BURSTY) {
      return 0;
    }
    return 1 + decayed(burstRatio - 1, burstMinute, minute, halfLifeMinutes);
  }

  /**
   * Windows that pass the tail test this close to the subject's previous one are the same burst: an
   * incident with a minute under the spike's ratio inside it is one burst, not two, so it cannot
   * make the subject bursty on its own ({@link #BURSTY}).
   */
  static final long SAME_BURST_WITHIN = 30 * 60_000L;

  /**
   * Remembers a burst of {@code ratio} times the baseline at {@code minute}: the largest, and one
   * more burst unless it is within {@link #SAME_BURST_WITHIN} of the previous one.
   */
  public void rememberBurst(double ratio, long minute, double halfLifeMinutes) {
    if (halfLifeMinutes <= 0 || !Double.isFinite(ratio)) {
      return;
    }
    double before = decayed(bursts, lastBurstMinute, minute, halfLifeMinutes);
    bursts = minute - lastBurstMinute > SAME_BURST_WITHIN ? before + 1 : before;
    lastBurstMinute = Math.max(lastBurstMinute, minute);
    if (ratio > 1 + decayed(burstRatio - 1, burstMinute, minute, halfLifeMinutes)) {
      burstRatio = ratio;
      burstMinute = minute;
    }
  }

  /** {@code value} as of {@code since}, halved every {@code halfLifeMinutes} until {@code now}. */
  private static double decayed(double value, long since, long now, double halfLifeMinutes) {
    double minutes = Math.max(0, now - since) / 60_000.0;
    return value * Math.pow(0.5, minutes / halfLifeMinutes);
  }

  /** Remembers a judged or learnt minute's human clicks as the latest. */
  public void remember(long humanClicks) {
    if (recent.length > 0) {
      System.arraycopy(recent, 0, recent, 1, recent.length - 1);
      recent[0] = humanClicks;
    }
  }

  /**
   * The spread rules compare against: the learnt standard deviation, but never below what Poisson
   * noise alone gives (sqrt of the mean) nor below 1, so quiet links are not paged for noise.
   */
  public double spread() {
    return Math.max(1.0, Math.max(Math.sqrt(variance), Math.sqrt(mean)));
  }

  /** Every field, in declaration order: the observer's state ({@code ObservedSubject.Format}). */
  void write(DataOutputView out) throws IOException {
    out.writeDouble(mean);
    out.writeDouble(variance);
    out.writeInt(minutes);
    out.writeBoolean(lastSpike);
    out.writeBoolean(lastDrop);
    out.writeBoolean(lastBroken);
    out.writeLong(nextMinute);
    out.writeLong(watchedMinute);
    WireValues.writeLongs(recent, out);
    out.writeInt(held);
    out.writeDouble(excess);
    out.writeDouble(scale);
    out.writeInt(dispersionMinutes);
    out.writeDouble(burstRatio);
    out.writeLong(burstMinute);
    out.writeDouble(bursts);
    out.writeLong(lastBurstMinute);
  }

  /** A baseline as {@link #write} wrote it. */
  static Baseline read(DataInputView in) throws IOException {
    Baseline b = new Baseline();
    b.mean = in.readDouble();
    b.variance = in.readDouble();
    b.minutes = in.readInt();
    b.lastSpike = in.readBoolean();
    b.lastDrop = in.readBoolean();
    b.lastBroken = in.readBoolean();
    b.nextMinute = in.readLong();
    b.watchedMinute = in.readLong();
    b.recent = WireValues.readLongs(in);
    b.held = in.readInt();
    b.excess = in.readDouble();
    b.scale = in.readDouble();
    b.dispersionMinutes = in.readInt();
    b.burstRatio = in.readDouble();
    b.burstMinute = in.readLong();
    b.bursts = in.readDouble();
    b.lastBurstMinute = in.readLong();
    return b;
  }
}
