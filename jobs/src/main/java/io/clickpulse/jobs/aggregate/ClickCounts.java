package io.clickpulse.jobs.aggregate;

import io.clickpulse.udf.enrich.EnrichedClick;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** What a minute aggregate counts, as a mergeable accumulator. Plain Java, no Flink. */
public class ClickCounts {
  public long clicks;
  public Set<Long> visitors = new HashSet<>();
  public long botClicks;
  public Map<String, Long> botClicksByReason = new HashMap<>();
  public long redirectErrors;

  public ClickCounts() {}

  /**
   * A redirect error is a status of 400 or more, or 0 (the destination was unreachable); an absent
   * status is unknown, not an error.
   */
  public static boolean isRedirectError(Integer status) {
    return status != null && (status == 0 || status >= 400);
  }

  public ClickCounts add(EnrichedClick c) {
    clicks++;
    visitors.add(c.visitorId);
    if (c.isBot) {
      botClicks++;
      botClicksByReason.merge(c.botReason, 1L, Long::sum);
    }
    if (isRedirectError(c.click.redirectStatus)) {
      redirectErrors++;
    }
    return this;
  }

  public ClickCounts merge(ClickCounts other) {
    clicks += other.clicks;
    visitors.addAll(other.visitors);
    botClicks += other.botClicks;
    other.botClicksByReason.forEach((reason, n) -> botClicksByReason.merge(reason, n, Long::sum));
    redirectErrors += other.redirectErrors;
    return this;
  }
}
