package io.clickpulse.udf.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.clickpulse.udf.event.JsonFields.InvalidField;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Turns the bytes of one Kafka record into a {@link ClickEvent} or a {@link Rejection}. Never
 * throws on bad input: every way a record can be wrong maps to a reason code.
 *
 * <p>Not thread-safe (it reuses a digest); use one per task.
 */
public final class ClickEventParser {
  static final int MAX_ID_LENGTH = 128;
  static final int MAX_URL_LENGTH = 4096;
  static final int MAX_TEXT_LENGTH = 1024;
  static final int MAX_CUSTOM_ENTRIES = 32;
  static final int MAX_CUSTOM_KEY_LENGTH = 64;
  static final int MAX_CUSTOM_VALUE_LENGTH = 256;

  /** A DNS name, '_' included ("my_links.example.com"): java.net.URI returns no host for those. */
  private static final Pattern REGISTRY_HOST =
      Pattern.compile("(?:[A-Za-z0-9_-]+\\.)*[A-Za-z0-9_-]+\\.?");

  private static final Pattern HTTP_METHOD = Pattern.compile("[A-Z]{3,10}");
  private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

  private final ValidationLimits limits;
  private final MessageDigest digest;

  public ClickEventParser(ValidationLimits limits) {
    this.limits = limits;
    try {
      this.digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Parses and validates one record.
   *
   * @param payload the record value, may be null
   * @param recordTimestamp the Kafka record's timestamp (epoch ms) that event_time is checked
   *     against; a negative value means unknown, and the current time is used instead
   */
  public ParseResult parse(byte[] payload, long recordTimestamp) {
    if (payload == null || payload.length == 0) {
      return ParseResult.rejected(RejectReason.MALFORMED_JSON, "empty record");
    }
    if (payload.length > limits.maxRecordBytes()) {
      return ParseResult.rejected(
          RejectReason.OVERSIZED, payload.length + " bytes > limit " + limits.maxRecordBytes());
    }
    JsonNode root;
    try {
      root = JsonFields.STRICT.readTree(payload);
    } catch (JsonProcessingException e) {
      return ParseResult.rejected(
          RejectReason.MALFORMED_JSON, JsonFields.firstLine(e.getOriginalMessage()));
    } catch (IOException e) {
      return ParseResult.rejected(
          RejectReason.MALFORMED_JSON, JsonFields.firstLine(e.getMessage()));
    }
    if (root == null || !root.isObject()) {
      return ParseResult.rejected(RejectReason.MALFORMED_JSON, "expected a JSON object");
    }
    try {
      ClickEvent event =
          read(root, recordTimestamp >= 0 ? recordTimestamp : System.currentTimeMillis());
      event.contentHash = contentHash(event);
      return ParseResult.valid(event);
    } catch (InvalidField e) {
      return ParseResult.rejected(e.reason, e.getMessage());
    }
  }

  private ClickEvent read(JsonNode root, long referenceTime) {
    ClickEvent e = new ClickEvent();
    e.eventId = identifier(root, "event_id");
    e.eventTime = eventTime(root, referenceTime);
    e.linkId = identifier(root, "link_id");
    e.shortUrl = url(root, "short_url");
    e.destinationUrl = url(root, "destination_url");
    String linkDomain = JsonFields.optionalText(root, "link_domain", 253);
    e.linkDomain =
        (linkDomain == null || linkDomain.isBlank() ? host(e.shortUrl) : linkDomain)
            .toLowerCase(Locale.ROOT);
    e.utmSource = JsonFields.optionalText(root, "utm_source", MAX_TEXT_LENGTH);
    e.utmMedium = JsonFields.optionalText(root, "utm_medium", MAX_TEXT_LENGTH);
    e.utmCampaign = JsonFields.optionalText(root, "utm_campaign", MAX_TEXT_LENGTH);
    e.utmTerm = JsonFields.optionalText(root, "utm_term", MAX_TEXT_LENGTH);
    e.utmContent = JsonFields.optionalText(root, "utm_content", MAX_TEXT_LENGTH);
    e.campaignId = JsonFields.optionalText(root, "campaign_id", MAX_ID_LENGTH);
    e.campaignOwner = JsonFields.optionalText(root, "campaign_owner", MAX_TEXT_LENGTH);
    e.channel = JsonFields.optionalText(root, "channel", MAX_ID_LENGTH);
    e.referrer = JsonFields.optionalText(root, "referrer", MAX_URL_LENGTH);
    e.userAgent = JsonFields.optionalText(root, "user_agent", MAX_TEXT_LENGTH);
    e.ip = ip(root);
    e.httpMethod = httpMethod(root);
    e.redirectStatus = redirectStatus(root);
    e.country = country(root);
    e.isTest = optionalBoolean(root, "is_test");
    e.custom = custom(root);
    return e;
  }

  private static String identifier(JsonNode root, String field) {
    return JsonFields.identifier(root, field, MAX_ID_LENGTH, true);
  }

  private long eventTime(JsonNode root, long referenceTime) {
    JsonNode node = root.get("event_time");
    if (node == null || node.isNull()) {
      throw new InvalidField(RejectReason.MISSING_FIELD, "event_time");
    }
    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      throw new InvalidField(
          RejectReason.WRONG_TYPE, "event_time: expected epoch milliseconds (integer)");
    }
    long time = node.asLong();
    if (time < referenceTime - limits.maxEventAge().toMillis()) {
      throw new InvalidField(
          RejectReason.TIME_OUT_OF_RANGE,
          "event_time " + time + " is older than " + limits.maxEventAge());
    }
    if (time > referenceTime + limits.maxFutureSkew().toMillis()) {
      throw new InvalidField(
          RejectReason.TIME_OUT_OF_RANGE,
          "event_time " + time + " is more than " + limits.maxFutureSkew() + " in the future");
    }
    return time;
  }

  private static String url(JsonNode root, String field) {
    String value = JsonFields.requiredText(root, field, MAX_URL_LENGTH);
    if (host(value) == null) {
      throw new InvalidField(RejectReason.INVALID_URL, field + " is not an absolute http(s) URL");
    }
    return value;
  }

  /** The host of an absolute http(s) URL, or null if {@code url} is not one. */
  private static String host(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return null;
    }
    String scheme = uri.getScheme();
    if (scheme == null
        || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        || uri.getRawAuthority() == null) {
      return null;
    }
    if (uri.getHost() != null) {
      return uri.getHost();
    }
    // URI parsed the authority as registry-based (getHost() is null), e.g. for a '_' in the
    // host: take the host from the authority, without user info and port.
    String host = uri.getRawAuthority().replaceFirst("^.*@", "").replaceFirst(":\\d*$", "");
    return REGISTRY_HOST.matcher(host).matches() ? host : null;
  }

  private static String ip(JsonNode root) {
    String value = JsonFields.requiredText(root, "ip", 64);
    if (!IpAddresses.isLiteral(value)) {
      throw new InvalidField(RejectReason.INVALID_FIELD, "ip is not an IPv4 or IPv6 address");
    }
    return value;
  }

  private static String httpMethod(JsonNode root) {
    String value = JsonFields.optionalText(root, "http_method", 16);
    if (value == null) {
      return "GET";
    }
    String method = value.toUpperCase(Locale.ROOT);
    if (!HTTP_METHOD.matcher(method).matches()) {
      throw new InvalidField(RejectReason.INVALID_FIELD, "http_method is not an HTTP method");
    }
    return method;
  }

  private static Integer redirectStatus(JsonNode root) {
    JsonNode node = root.get("redirect_status");
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isIntegralNumber()) {
      throw new InvalidField(RejectReason.WRONG_TYPE, "redirect_status: expected an integer");
    }
    int status = node.asInt();
    if (!node.canConvertToInt() || (status != 0 && (status < 100 || status > 599))) {
      throw new InvalidField(RejectReason.INVALID_FIELD, "redirect_status must be 0 or 100..599");
    }
    return status;
  }

  private static String country(JsonNode root) {
    String value = JsonFields.optionalText(root, "country", 8);
    if (value == null || value.isEmpty()) {
      return null;
    }
    String code = value.toUpperCase(Locale.ROOT);
    if (!COUNTRY.matcher(code).matches()) {
      throw new InvalidField(RejectReason.INVALID_FIELD, "country is not an ISO 3166 alpha-2 code");
    }
    return code;
  }

  private static Map<String, String> custom(JsonNode root) {
    Map<String, String> custom = new TreeMap<>();
    JsonNode node = root.get("custom");
    if (node == null || node.isNull()) {
      return custom;
    }
    if (!node.isObject()) {
      throw new InvalidField(RejectReason.WRONG_TYPE, "custom: expected an object");
    }
    if (node.size() > MAX_CUSTOM_ENTRIES) {
      throw new InvalidField(
          RejectReason.INVALID_FIELD, "custom has more than " + MAX_CUSTOM_ENTRIES + " entries");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      JsonNode value = entry.getValue();
      if (!value.isValueNode() || value.isNull()) {
        throw new InvalidField(
            RejectReason.WRONG_TYPE, "custom values must be strings, numbers or booleans");
      }
      String text = value.asText();
      if (entry.getKey().length() > MAX_CUSTOM_KEY_LENGTH
          || text.length() > MAX_CUSTOM_VALUE_LENGTH) {
        throw new InvalidField(RejectReason.INVALID_FIELD, "custom key or value too long");
      }
      custom.put(entry.getKey(), text);
    }
    // The CRM signals read custom.contact_id: reject personal data there rather than store it.
    ContactIds.Problem problem =
        custom.containsKey(ContactIds.CUSTOM_KEY)
            ? ContactIds.problem(custom.get(ContactIds.CUSTOM_KEY))
            : null;
    if (problem != null) {
      throw new InvalidField(
          RejectReason.INVALID_FIELD,
          "custom.contact_id " + problem.detail + ": send the CRM's contact id, not personal data");
    }
    return custom;
  }

  private static boolean optionalBoolean(JsonNode root, String field) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      return false;
    }
    if (!node.isBoolean()) {
      throw new InvalidField(RejectReason.WRONG_TYPE, field + ": expected true or false");
    }
    return node.booleanValue();
  }

  /**
   * A hash of every content field. Each value is length-prefixed, so no choice of values can shift
   * bytes from one field into another (separators could appear inside values).
   */
  private long contentHash(ClickEvent e) {
    digest.reset();
    String[] fields = {
      e.eventId,
      Long.toString(e.eventTime),
      e.linkId,
      e.shortUrl,
      e.destinationUrl,
      e.linkDomain,
      e.utmSource,
      e.utmMedium,
      e.utmCampaign,
      e.utmTerm,
      e.utmContent,
      e.campaignId,
      e.campaignOwner,
      e.channel,
      e.referrer,
      e.userAgent,
      e.ip,
      e.httpMethod,
      Objects.toString(e.redirectStatus, null),
      e.country,
      Boolean.toString(e.isTest)
    };
    for (String field : fields) {
      hashField(field);
    }
    hashLength(e.custom.size());
    e.custom.forEach(
        (key, value) -> {
          hashField(key);
          hashField(value);
        });
    return ByteBuffer.wrap(digest.digest()).getLong();
  }

  /** The UTF-8 length, then the bytes; length -1 for null, so null and "" differ. */
  private void hashField(String value) {
    if (value == null) {
      hashLength(-1);
      return;
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    hashLength(bytes.length);
    digest.update(bytes);
  }

  private void hashLength(int length) {
    digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(length).array());
  }
}
