package io.clickpulse.udf.link;

import java.io.Serializable;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One problem a lifecycle check found about a link: which check, the link, a sentence for people,
 * and the evidence (field names as in the link event, times ISO-8601), sorted by key.
 */
public record LinkFinding(
    LinkCheck check, String linkId, String reason, Map<String, String> evidence)
    implements Serializable {
  public LinkFinding {
    evidence = Collections.unmodifiableMap(new TreeMap<>(evidence));
  }

  static String time(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis).toString();
  }
}
