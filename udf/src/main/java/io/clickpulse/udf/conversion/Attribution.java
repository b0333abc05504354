package io.clickpulse.udf.conversion;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which clicks earn credit for a conversion: the last qualifying click within the window before it
 * ({@link Model#LAST_CLICK}, weight 1) and up to {@code maxAssisted} qualifying clicks before that
 * one ({@link Model#ASSISTED}, sharing a weight of 1). A click qualifies when it is human and not
 * test traffic, at or before the conversion, and at most {@code window} before it. A click the
 * conversion names by id (click_id) is the last click when it qualifies, even if the visitor
 * clicked again later; clicks after it then earn nothing.
 *
 * <p>Deterministic: ties in time are broken by click id, so a replay credits the same clicks.
 */
public final class Attribution implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The value of the {@code model} column. */
  public enum Model {
    LAST_CLICK("last_click"),
    ASSISTED("assisted"),
    /** The conversion had no qualifying click: kept so that totals count it. */
    NONE("none");

    private final String code;

    Model(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  /** One click's share of a conversion. */
  public record Credit(AttributionClick click, Model model, double weight) {}

  private static final Comparator<AttributionClick> ORDER =
      Comparator.<AttributionClick>comparingLong(c -> c.eventTime)
          .thenComparing(c -> c.clickId == null ? "" : c.clickId);

  private final long windowMillis;
  private final int maxAssisted;

  public Attribution(Duration window, int maxAssisted) {
    if (window == null || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive, was " + window);
    }
    if (maxAssisted < 0) {
      throw new IllegalArgumentException("maxAssisted must not be negative, was " + maxAssisted);
    }
    this.windowMillis = window.toMillis();
    this.maxAssisted = maxAssisted;
  }

  public long windowMillis() {
    return windowMillis;
  }

  /**
   * The credits for {@code conversion} among {@code clicks} (any order, may hold non-qualifying
   * clicks): the last click first, then the assisted ones, most recent first; empty when none
   * qualifies.
   */
  public List<Credit> attribute(ConversionEvent conversion, List<AttributionClick> clicks) {
    long from = conversion.eventTime - windowMillis;
    List<AttributionClick> candidates = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (AttributionClick c : clicks) {
      if (c.qualifies()
          && c.eventTime <= conversion.eventTime
          && c.eventTime >= from
          && seen.add(c.clickId)) {
        candidates.add(c);
      }
    }
    if (candidates.isEmpty()) {
      return List.of();
    }
    candidates.sort(ORDER);
    int last = candidates.size() - 1;
    if (conversion.clickId != null) {
      for (int i = 0; i < candidates.size(); i++) {
        if (conversion.clickId.equals(candidates.get(i).clickId)) {
          last = i;
          break;
        }
      }
    }
    List<Credit> credits = new ArrayList<>();
    credits.add(new Credit(candidates.get(last), Model.LAST_CLICK, 1.0));
    int assisted = Math.min(maxAssisted, last);
    for (int i = last - 1; i >= last - assisted; i--) {
      credits.add(new Credit(candidates.get(i), Model.ASSISTED, 1.0 / assisted));
    }
    return credits;
  }

  /**
   * The clicks worth keeping for conversions at or after {@code earliestConversion}: qualifying,
   * within the window of it, at most {@code maxKept}, the newest; ordered by time.
   */
  public List<AttributionClick> retain(
      List<AttributionClick> clicks, long earliestConversion, int maxKept) {
    // Saturating: before the first watermark the time is Long.MIN_VALUE.
    long from =
        earliestConversion < Long.MIN_VALUE + windowMillis
            ? Long.MIN_VALUE
            : earliestConversion - windowMillis;
    List<AttributionClick> kept = new ArrayList<>();
    for (AttributionClick c : clicks) {
      if (c.qualifies() && c.eventTime >= from) {
        kept.add(c);
      }
    }
    kept.sort(ORDER);
    return kept.size() > maxKept
        ? new ArrayList<>(kept.subList(kept.size() - maxKept, kept.size()))
        : kept;
  }
}
