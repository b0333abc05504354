package io.clickpulse.udf.event;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a CRM contact id on a click may be: the CRM's short opaque id ({@code hs-contact-88412},
 * {@code 0035g00000XyZ12}, {@code 88412}), never personal data. An email address or a phone number
 * in its place would spread personal data into every table and signal that carries the id, so such
 * values are refused, and so is anything outside a plain id's characters.
 */
public final class ContactIds {
  public static final int MAX_LENGTH = 128;

  /** The custom dimension that may name a click's contact ({@code custom.contact_id}). */
  public static final String CUSTOM_KEY = "contact_id";

  /** Letters, digits and the separators ids use; no spaces, '@' or '+'. */
  private static final Pattern OPAQUE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]*");

  /**
   * Digits with phone separators ("0170-1234567", "030.123.4567"): seven digits or more and at
   * least one separator. Plain digits stay allowed: numeric CRM ids (HubSpot's) look the same.
   */
  private static final Pattern PHONE_LIKE =
      Pattern.compile("(?=(?:\\D*\\d){7})[0-9]+([-.][0-9]+)+");

  /** Why a value is no contact id. */
  public enum Problem {
    EMAIL("looks like an email address"),
    PHONE("looks like a phone number"),
    MALFORMED("is not a short opaque id (letters, digits, '.', '_', ':', '-'; at most 128)");

    public final String detail;

    Problem(String detail) {
      this.detail = detail;
    }
  }

  private ContactIds() {}

  /** The problem with {@code value} as a contact id, or null when it is a proper one. */
  public static Problem problem(String value) {
    if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
      return Problem.MALFORMED;
    }
    if (value.indexOf('@') >= 0) {
      return Problem.EMAIL;
    }
    String compact = value.strip();
    if (compact.startsWith("+")
        || compact.startsWith("(")
        || PHONE_LIKE.matcher(compact).matches()) {
      return compact.chars().filter(Character::isDigit).count() >= 7
          ? Problem.PHONE
          : Problem.MALFORMED;
    }
    if (!OPAQUE.matcher(value).matches()) {
      return Problem.MALFORMED;
    }
    return null;
  }

  public static boolean isValid(String value) {
    return problem(value) == null;
  }

  /**
   * A click's contact: the link catalog's ({@code catalogContact}, a link made for one contact),
   * else the click's {@code custom.contact_id}; "" when neither is a proper contact id. Never from
   * the URL's query string: anybody can edit that.
   */
  public static String ofClick(String catalogContact, Map<String, String> custom) {
    if (isValid(catalogContact)) {
      return catalogContact;
    }
    String named = custom == null ? null : custom.get(CUSTOM_KEY);
    return isValid(named) ? named : "";
  }
}
