package io.clickpulse.udf.link;

import java.util.Optional;

/** What happened to a link. The JSON values are stable: producers and dashboards use them. */
public enum LinkEventType {
  CREATED("created"),
  /** The whole link as it is now: a field absent from an update is cleared. */
  UPDATED("updated"),
  DELETED("deleted"),
  /** Only the expiry changes; every other field keeps its value. */
  EXPIRY_SCHEDULED("expiry_scheduled");

  private final String json;

  LinkEventType(String json) {
    this.json = json;
  }

  public String json() {
    return json;
  }

  /** The type for a JSON value; exact, lower case, as the schema says. */
  public static Optional<LinkEventType> fromJson(String value) {
    for (LinkEventType type : values()) {
      if (type.json.equals(value)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
