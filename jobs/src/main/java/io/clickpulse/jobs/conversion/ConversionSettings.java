package io.clickpulse.jobs.conversion;

import io.clickpulse.jobs.settings.Settings;
import java.time.Duration;

/**
 * The conversion stage's keys (README, "Configuration"; docs/conversions.md).
 *
 * @param topic {@code kafka.topic.conversions}; empty: the stage is off
 * @param window {@code conversions.attribution-window}: how long before a conversion a click may
 *     earn credit
 * @param maxAssisted {@code conversions.max-assisted}: assisted clicks per conversion, 0 for none
 * @param maxClicksPerVisitor {@code conversions.max-clicks-per-visitor}: the newest clicks kept per
 *     visitor, and per contact on the contact path (the name predates it); bounds the state of a
 *     visitor or contact who clicks all day
 * @param maxDelay {@code conversions.max-delay}: how long after it happened a conversion may arrive
 *     and still see its whole window of clicks; clicks are kept window + this
 * @param grace {@code conversions.grace}: how far event time must pass a conversion before it is
 *     attributed, so that its clicks still on their way (late, behind in the click path, or behind
 *     a watermark a fast clock pulled ahead) count
 * @param resolveClickIds {@code conversions.resolve-click-ids}: find the visitor of a conversion
 *     that carries only a click id (an index of click id to visitor, kept window + max-delay)
 */
public record ConversionSettings(
    String topic,
    Duration window,
    int maxAssisted,
    int maxClicksPerVisitor,
    Duration maxDelay,
    Duration grace,
    boolean resolveClickIds)
    implements java.io.Serializable {

  /**
   * As long as the pipeline lets a clock run ahead ({@code validation.max-future-skew}, 5 min): a
   * fast producer's events can pull a partition's watermark that far past the others' on-time
   * clicks, and a conversion must still see such a click. With 1 min, the demo traffic (a producer
   * 4 min fast) had converting clicks arrive up to 65 s after their partition's watermark passed
   * the conversion + grace, credited or not depending on how far the other partitions had been read
   * (DemoConversionsEndToEndITCase, 2026-12-07). The cost: conversions are written 4 min later.
   */
  static final Duration DEFAULT_GRACE = Duration.ofMinutes(5);

  public static final ConversionSettings DEFAULTS =
      new ConversionSettings(
          "", Duration.ofDays(30), 2, 50, Duration.ofDays(7), DEFAULT_GRACE, true);

  public static ConversionSettings from(Settings s) {
    ConversionSettings d = DEFAULTS;
    Duration window = s.duration("conversions.attribution-window", d.window);
    if (window.compareTo(Duration.ofDays(365)) > 0) {
      s.problem("'conversions.attribution-window' must be at most 365 d, was " + window);
    }
    return new ConversionSettings(
        s.string("kafka.topic.conversions", d.topic),
        window,
        s.integer("conversions.max-assisted", d.maxAssisted, 0, 10),
        s.integer("conversions.max-clicks-per-visitor", d.maxClicksPerVisitor, 1, 1000),
        s.duration("conversions.max-delay", d.maxDelay),
        s.duration("conversions.grace", d.grace),
        s.bool("conversions.resolve-click-ids", d.resolveClickIds));
  }

  /** Whether {@code kafka.topic.conversions} is set: the stage runs. */
  public boolean enabled() {
    return !topic.isBlank();
  }

  /** How long a click is kept: a conversion up to max-delay late still sees its whole window. */
  public Duration clickRetention() {
    return window.plus(maxDelay);
  }
}
