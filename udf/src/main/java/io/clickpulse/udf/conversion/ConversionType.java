package io.clickpulse.udf.conversion;

import java.util.Optional;

/** What kind of conversion. The JSON values are stable: producers and dashboards use them. */
public enum ConversionType {
  LEAD("lead"),
  SIGNUP("signup"),
  /** A purchase: the only type that must carry an amount. */
  SALE("sale");

  private final String json;

  ConversionType(String json) {
    this.json = json;
  }

  public String json() {
    return json;
  }

  /** The type for a JSON value; exact, lower case, as the schema says. */
  public static Optional<ConversionType> fromJson(String value) {
    for (ConversionType type : values()) {
      if (type.json.equals(value)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
