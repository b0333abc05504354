package io.clickpulse.jobs.delivery;

import io.clickpulse.jobs.alert.Alert;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How one route groups alerts, as in Alertmanager: the labels that make a group ({@code group-by}),
 * and its wait, interval and repeat in milliseconds.
 */
public record GroupPolicy(
    List<String> groupBy, long waitMillis, long intervalMillis, long repeatMillis)
    implements Serializable {
  /** {@code group-by: ['...']}: every label, one group per alert fingerprint. */
  public static final String ALL_LABELS = "...";

  /** The labels an alert can be grouped by, in the order group keys list them. */
  public static final List<String> LABELS =
      List.of("rule", "subject_type", "subject_id", "campaign_id", "link_id", "owner", "severity");

  public GroupPolicy {
    groupBy = List.copyOf(groupBy);
  }

  /** The labels this policy groups by, in {@link #LABELS} order. */
  public List<String> labels() {
    if (groupBy.contains(ALL_LABELS)) {
      return LABELS;
    }
    return LABELS.stream().filter(groupBy::contains).toList();
  }

  /** Whether groups belong to one owner, so that the per-owner bound counts them by owner. */
  public boolean perOwner() {
    return labels().contains("owner");
  }

  /** The group's labels for an alert: label name to value (empty when the alert has none). */
  public Map<String, String> groupLabels(Alert a) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (String label : labels()) {
      labels.put(label, value(a, label));
    }
    return labels;
  }

  static String value(Alert a, String label) {
    String v =
        switch (label) {
          case "rule" -> a.rule;
          case "subject_type" -> a.subjectType;
          case "subject_id" -> a.subjectId;
          case "campaign_id" -> a.campaignId;
          case "link_id" -> a.linkId;
          case "owner" -> a.owner;
          case "severity" -> a.severity;
          default -> throw new IllegalArgumentException("unknown label " + label);
        };
    return v == null ? "" : v;
  }

  /** Checks a {@code group-by} list (null: not set), naming the key in each problem. */
  static void checkLabels(String key, List<String> groupBy, List<String> problems) {
    if (groupBy == null) {
      return;
    }
    for (String label : groupBy) {
      if (!ALL_LABELS.equals(label) && !LABELS.contains(label)) {
        problems.add(
            key
                + ": unknown label '"
                + label
                + "' (known: "
                + String.join(", ", LABELS)
                + ", or '...' for all)");
      }
    }
    if (groupBy.contains(ALL_LABELS) && groupBy.size() > 1) {
      problems.add(key + ": '...' already means every label; list it alone");
    }
    if (groupBy.stream().distinct().count() < groupBy.size()) {
      problems.add(key + " lists a label twice");
    }
  }
}
