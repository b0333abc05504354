package io.clickpulse.jobs.delivery;

import io.clickpulse.jobs.alert.Alert;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What one group notification says: the group, its status and the alerts it lists. */
public class GroupNotice {
  /** Identifies the group within its destination: route and label values. */
  public String groupKey;

  /** {@code firing} while any alert of the group fires, {@code resolved} when none does. */
  public String status;

  /** The labels the group is made of (its route's {@code group-by}). */
  public Map<String, String> labels = new LinkedHashMap<>();

  /** Firing alerts first, then those resolved since the last notification; at most max-alerts. */
  public List<Alert> alerts = new ArrayList<>();

  /** Alerts of the group not listed (over max-alerts, or beyond what the group keeps). */
  public long truncatedAlerts;

  /** How many alerts of the group fire, listed or not. */
  public long firingAlerts;

  /** Whether this is the owner's overflow group, holding alerts over max-groups-per-owner. */
  public boolean overflow;

  public GroupNotice() {}
}
