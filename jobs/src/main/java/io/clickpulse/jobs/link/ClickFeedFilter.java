package io.clickpulse.jobs.link;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.clickpulse.udf.enrich.EnrichedClick;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which clicks go on the click feed (issue #18): human clicks (no bot, by user agent or behaviour;
 * no test traffic) of links whose catalog priority is at least {@code priority-at-least}, or that
 * carry one of {@code tags}, or whose id is in {@code link-ids}. From the rules file's {@code
 * feed:} section; without one, the links of priority {@code high}. Plain Java.
 */
public final class ClickFeedFilter implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Catalog priorities, lowest first (docs/links.md). */
  public static final List<String> PRIORITIES = List.of("low", "normal", "high");

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** The section's shape. */
  static final class Section {
    @JsonProperty("priority-at-least")
    public String priorityAtLeast;

    public List<String> tags = List.of();

    @JsonProperty("link-ids")
    public List<String> linkIds = List.of();
  }

  public static final ClickFeedFilter DEFAULT = new ClickFeedFilter(2, Set.of(), Set.of());

  /** Index in {@link #PRIORITIES}; -1: priority alone selects nothing. */
  private final int priorityAtLeast;

  private final Set<String> tags;
  private final Set<String> linkIds;

  ClickFeedFilter(int priorityAtLeast, Set<String> tags, Set<String> linkIds) {
    this.priorityAtLeast = priorityAtLeast;
    this.tags = tags;
    this.linkIds = linkIds;
  }

  /**
   * The filter of a {@code feed:} section (null: {@link #DEFAULT}); a problem throws naming the key
   * ({@code feed.priority-at-least must be one of [low, normal, high], was 'urgent'}).
   */
  public static ClickFeedFilter parse(JsonNode section) {
    if (section == null || section.isNull()) {
      return DEFAULT;
    }
    Section s;
    try {
      s = MAPPER.treeToValue(section, Section.class);
    } catch (Exception e) {
      throw new IllegalArgumentException(
          "feed: "
              + e.getMessage().lines().findFirst().orElse("")
              + " (known keys:"
              + " priority-at-least, tags, link-ids)");
    }
    List<String> problems = new ArrayList<>();
    int priority = -1;
    if (s.priorityAtLeast != null) {
      priority = PRIORITIES.indexOf(s.priorityAtLeast.strip().toLowerCase(java.util.Locale.ROOT));
      if (priority < 0) {
        problems.add(
            "feed.priority-at-least must be one of "
                + PRIORITIES
                + ", was '"
                + s.priorityAtLeast
                + "'");
      }
    }
    Set<String> tags = values("feed.tags", s.tags, problems);
    Set<String> linkIds = values("feed.link-ids", s.linkIds, problems);
    if (problems.isEmpty() && priority < 0 && tags.isEmpty() && linkIds.isEmpty()) {
      problems.add("feed: set at least one of priority-at-least, tags, link-ids");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return new ClickFeedFilter(priority, tags, linkIds);
  }

  private static Set<String> values(String key, List<String> list, List<String> problems) {
    Set<String> values = new LinkedHashSet<>();
    if (list == null) {
      return values;
    }
    for (int i = 0; i < list.size(); i++) {
      String v = list.get(i);
      if (v == null || v.isBlank()) {
        problems.add(key + "[" + i + "] is empty");
      } else {
        values.add(v.strip());
      }
    }
    return values;
  }

  /** Whether this click goes on the feed. */
  public boolean matches(EnrichedClick c) {
    if (c.isBot || c.click.isTest) {
      return false;
    }
    if (priorityAtLeast >= 0 && PRIORITIES.indexOf(c.linkPriority) >= priorityAtLeast) {
      return true;
    }
    if (linkIds.contains(c.click.linkId)) {
      return true;
    }
    for (String tag : c.linkTags) {
      if (tags.contains(tag)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "ClickFeedFilter{priority>="
        + (priorityAtLeast < 0 ? "-" : PRIORITIES.get(priorityAtLeast))
        + ", tags="
        + tags
        + ", linkIds="
        + linkIds
        + "}";
  }
}
