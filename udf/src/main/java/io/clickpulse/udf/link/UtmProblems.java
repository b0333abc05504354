package io.clickpulse.udf.link;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * What is wrong with a link's UTM values.
 *
 * @param channel the channel the checks took the link for, or null when the taxonomy maps none
 * @param missing required fields that are absent or blank, in {@link LinkRules#UTM_FIELDS} order
 * @param unknown utm_source or utm_medium values the taxonomy does not know, field to raw value
 * @param malformed values that cannot be right, field to raw value
 */
public record UtmProblems(
    String channel,
    List<String> missing,
    Map<String, String> unknown,
    Map<String, String> malformed)
    implements Serializable {
  public boolean none() {
    return missing.isEmpty() && unknown.isEmpty() && malformed.isEmpty();
  }
}
