package io.clickpulse.udf.link;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.clickpulse.udf.event.JsonFields;
import io.clickpulse.udf.event.JsonFields.InvalidField;
import io.clickpulse.udf.event.ValidationLimits;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns the bytes of one {@code links} record into a {@link LinkEvent} or a {@link LinkRejection}.
 * Never throws on bad input: every way a record can be wrong maps to a reason code. Unknown fields
 * are ignored, so producers may add fields before ClickPulse reads them. Stateless, thread-safe.
 */
public final class LinkEventParser {
  static final int MAX_ID_LENGTH = 128;
  static final int MAX_URL_LENGTH = 4096;
  static final int MAX_TEXT_LENGTH = 1024;
  static final int MAX_TAGS = 32;
  static final int MAX_TAG_LENGTH = 64;

  static final Set<String> PRIORITIES = Set.of("low", "normal", "high");

  /** Deliberately plain: one '@', something on each side, a dot in the domain, no spaces. */
  static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s.]+(?:\\.[^@\\s.]+)+");

  /** Slack member ids: U (or W on Enterprise Grid) and upper-case letters and digits. */
  static final Pattern SLACK_MEMBER = Pattern.compile("[UW][A-Z0-9]{6,20}");

  private final ValidationLimits limits;

  public LinkEventParser(ValidationLimits limits) {
    this.limits = limits;
  }

  /**
   * Parses and validates one record.
   *
   * @param payload the record value, may be null
   * @param recordTimestamp the Kafka record's timestamp (epoch ms); event_time may not lie more
   *     than the limits' future skew after it. Negative means unknown: the current time is used.
   */
  public LinkParseResult parse(byte[] payload, long recordTimestamp) {
    if (payload == null || payload.length == 0) {
      return LinkParseResult.rejected(LinkRejectReason.MALFORMED_JSON, "empty record");
    }
    if (payload.length > limits.maxRecordBytes()) {
      return LinkParseResult.rejected(
          LinkRejectReason.OVERSIZED, payload.length + " bytes > limit " + limits.maxRecordBytes());
    }
    JsonNode root;
    try {
      root = JsonFields.STRICT.readTree(payload);
    } catch (JsonProcessingException e) {
      return LinkParseResult.rejected(
          LinkRejectReason.MALFORMED_JSON, JsonFields.firstLine(e.getOriginalMessage()));
    } catch (IOException e) {
      return LinkParseResult.rejected(
          LinkRejectReason.MALFORMED_JSON, JsonFields.firstLine(e.getMessage()));
    }
    if (root == null || !root.isObject()) {
      return LinkParseResult.rejected(LinkRejectReason.MALFORMED_JSON, "expected a JSON object");
    }
    try {
      return LinkParseResult.valid(
          read(root, recordTimestamp >= 0 ? recordTimestamp : System.currentTimeMillis()));
    } catch (InvalidLink e) {
      return LinkParseResult.rejected(e.reason, e.getMessage());
    } catch (InvalidField e) {
      return LinkParseResult.rejected(LinkRejectReason.of(e.reason), e.getMessage());
    } catch (RuntimeException e) {
      // A bug here must cost one record, not the job.
      return LinkParseResult.rejected(
          LinkRejectReason.PROCESSING_ERROR, e.getClass().getSimpleName());
    }
  }

  private LinkEvent read(JsonNode root, long referenceTime) {
    LinkEvent e = new LinkEvent();
    e.eventId = identifier(root, "event_id", true);
    e.type = type(root);
    e.eventTime = JsonFields.time(root, "event_time", true);
    if (e.eventTime > referenceTime + limits.maxFutureSkew().toMillis()) {
      throw new InvalidLink(
          LinkRejectReason.TIME_OUT_OF_RANGE,
          "event_time "
              + e.eventTime
              + " is more than "
              + limits.maxFutureSkew()
              + " in the future");
    }
    e.linkId = identifier(root, "link_id", true);
    e.version = version(root);
    // created and updated carry the whole link; deleted and expiry_scheduled only name it.
    boolean wholeLink = e.type == LinkEventType.CREATED || e.type == LinkEventType.UPDATED;
    e.shortUrl = url(root, "short_url", wholeLink);
    e.destinationUrl = url(root, "destination_url", wholeLink);
    e.customDomain = customDomain(root);
    e.utmSource = JsonFields.optionalText(root, "utm_source", MAX_TEXT_LENGTH);
    e.utmMedium = JsonFields.optionalText(root, "utm_medium", MAX_TEXT_LENGTH);
    e.utmCampaign = JsonFields.optionalText(root, "utm_campaign", MAX_TEXT_LENGTH);
    e.utmTerm = JsonFields.optionalText(root, "utm_term", MAX_TEXT_LENGTH);
    e.utmContent = JsonFields.optionalText(root, "utm_content", MAX_TEXT_LENGTH);
    e.campaignId = identifier(root, "campaign_id", false);
    e.campaignName = JsonFields.optionalText(root, "campaign_name", MAX_TEXT_LENGTH);
    e.owner = owner(root);
    e.tags = tags(root);
    e.priority = priority(root);
    e.qrCodeId = identifier(root, "qr_code_id", false);
    long expiresAt = JsonFields.time(root, "expires_at", e.type == LinkEventType.EXPIRY_SCHEDULED);
    e.expiresAt = root.hasNonNull("expires_at") ? expiresAt : null;
    long campaignEndsAt = JsonFields.time(root, "campaign_ends_at", false);
    e.campaignEndsAt = root.hasNonNull("campaign_ends_at") ? campaignEndsAt : null;
    e.contactId = identifier(root, "contact_id", false);
    e.createdBy = JsonFields.optionalText(root, "created_by", MAX_TEXT_LENGTH);
    e.importId = identifier(root, "import_id", false);
    return e;
  }

  private static LinkEventType type(JsonNode root) {
    String value = JsonFields.requiredText(root, "type", 32);
    return LinkEventType.fromJson(value)
        .orElseThrow(
            () ->
                new InvalidLink(
                    LinkRejectReason.UNKNOWN_TYPE,
                    "type '" + value + "' is none of created, updated, deleted, expiry_scheduled"));
  }

  private static String identifier(JsonNode root, String field, boolean required) {
    return JsonFields.identifier(root, field, MAX_ID_LENGTH, required);
  }

  private static long version(JsonNode root) {
    JsonNode node = root.get("version");
    if (node == null || node.isNull()) {
      throw new InvalidLink(LinkRejectReason.MISSING_FIELD, "version");
    }
    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      throw new InvalidLink(LinkRejectReason.WRONG_TYPE, "version: expected an integer");
    }
    if (node.asLong() < 1) {
      throw new InvalidLink(LinkRejectReason.INVALID_FIELD, "version must be at least 1");
    }
    return node.asLong();
  }

  private static String url(JsonNode root, String field, boolean required) {
    String value =
        required
            ? JsonFields.requiredText(root, field, MAX_URL_LENGTH)
            : JsonFields.optionalText(root, field, MAX_URL_LENGTH);
    if (value != null && LinkUrls.host(value) == null) {
      throw new InvalidLink(
          LinkRejectReason.INVALID_URL, field + " is not an absolute http(s) URL");
    }
    return value;
  }

  private static String customDomain(JsonNode root) {
    String value = JsonFields.optionalText(root, "custom_domain", 253);
    if (value == null) {
      return null;
    }
    String domain = value.toLowerCase(Locale.ROOT);
    if (domain.endsWith(".")) {
      domain = domain.substring(0, domain.length() - 1);
    }
    if (!LinkUrls.isDomainName(domain)) {
      throw new InvalidLink(
          LinkRejectReason.INVALID_FIELD,
          "custom_domain is not a domain name such as go.example.com (no scheme, no path)");
    }
    return domain;
  }

  private static String owner(JsonNode root) {
    String value = JsonFields.optionalText(root, "owner", 254);
    if (value == null) {
      return null;
    }
    if (!EMAIL.matcher(value).matches() && !SLACK_MEMBER.matcher(value).matches()) {
      throw new InvalidLink(
          LinkRejectReason.INVALID_OWNER,
          "owner is neither an email address nor a Slack member id like U012ABCDEF");
    }
    return value;
  }

  private static List<String> tags(JsonNode root) {
    List<String> tags = new ArrayList<>();
    JsonNode node = root.get("tags");
    if (node == null || node.isNull()) {
      return tags;
    }
    if (!node.isArray()) {
      throw new InvalidLink(LinkRejectReason.WRONG_TYPE, "tags: expected an array of strings");
    }
    if (node.size() > MAX_TAGS) {
      throw new InvalidLink(
          LinkRejectReason.INVALID_FIELD, "tags has more than " + MAX_TAGS + " entries");
    }
    for (JsonNode tag : node) {
      if (!tag.isTextual()) {
        throw new InvalidLink(LinkRejectReason.WRONG_TYPE, "tags: expected an array of strings");
      }
      if (tag.textValue().isBlank() || tag.textValue().length() > MAX_TAG_LENGTH) {
        throw new InvalidLink(
            LinkRejectReason.INVALID_FIELD,
            "tags: a tag is blank or longer than " + MAX_TAG_LENGTH + " characters");
      }
      tags.add(tag.textValue());
    }
    return tags;
  }

  /** Exact, lower case, like type: dashboards group by the value as sent. */
  private static String priority(JsonNode root) {
    String value = JsonFields.optionalText(root, "priority", 16);
    if (value != null && !PRIORITIES.contains(value)) {
      throw new InvalidLink(
          LinkRejectReason.INVALID_FIELD, "priority '" + value + "' is none of low, normal, high");
    }
    return value;
  }

  /** Internal control flow: the first problem found ends validation of a record. */
  private static final class InvalidLink extends RuntimeException {
    final LinkRejectReason reason;

    InvalidLink(LinkRejectReason reason, String detail) {
      super(detail, null, false, false);
      this.reason = reason;
    }
  }
}
