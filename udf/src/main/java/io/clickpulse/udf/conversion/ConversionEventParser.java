package io.clickpulse.udf.conversion;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.clickpulse.udf.event.IpAddresses;
import io.clickpulse.udf.event.JsonFields;
import io.clickpulse.udf.event.JsonFields.InvalidField;
import io.clickpulse.udf.event.ValidationLimits;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns the bytes of one {@code conversions} record into a {@link ConversionEvent} or a {@link
 * ConversionRejection}, like the click and link parsers: never throws on bad input, unknown fields
 * are ignored. Stateless, thread-safe.
 */
public final class ConversionEventParser {
  static final int MAX_ID_LENGTH = 128;
  static final int MAX_USER_AGENT_LENGTH = 1024;

  /** Decimal(18, 4) in ClickHouse: 14 digits before the point, 4 after. */
  static final int MAX_SCALE = 4;

  static final BigDecimal MAX_AMOUNT = new BigDecimal("99999999999999.9999");

  /** Contact ids must be the CRM's opaque id: an email address is personal data. */
  static final Pattern EMAIL_LIKE = Pattern.compile(".*[^@\\s]@[^@\\s]+\\.[^@\\s]+.*");

  /** Plain digits with an optional fraction: no sign, exponent or thousands separator. */
  static final Pattern DECIMAL = Pattern.compile("[0-9]{1,40}(\\.[0-9]{1,40})?");

  static final Pattern CURRENCY_CODE = Pattern.compile("[A-Z]{3}");

  /** ISO 4217 codes the JDK knows (it follows the standard's list, funds and metals included). */
  static final Set<String> CURRENCIES =
      Currency.getAvailableCurrencies().stream()
          .map(Currency::getCurrencyCode)
          .collect(Collectors.toUnmodifiableSet());

  private final ValidationLimits limits;

  public ConversionEventParser(ValidationLimits limits) {
    this.limits = limits;
  }

  /**
   * Parses and validates one record.
   *
   * @param payload the record value, may be null
   * @param recordTimestamp the Kafka record's timestamp (epoch ms); event_time may not lie more
   *     than the limits' future skew after it. Negative means unknown: the current time is used.
   *     There is no bound into the past: a sale closed in the CRM weeks later is still a
   *     conversion.
   */
  public ConversionParseResult parse(byte[] payload, long recordTimestamp) {
    if (payload == null || payload.length == 0) {
      return ConversionParseResult.rejected(ConversionRejectReason.MALFORMED_JSON, "empty record");
    }
    if (payload.length > limits.maxRecordBytes()) {
      return ConversionParseResult.rejected(
          ConversionRejectReason.OVERSIZED,
          payload.length + " bytes > limit " + limits.maxRecordBytes());
    }
    JsonNode root;
    try {
      root = JsonFields.STRICT.readTree(payload);
    } catch (JsonProcessingException e) {
      return ConversionParseResult.rejected(
          ConversionRejectReason.MALFORMED_JSON, JsonFields.firstLine(e.getOriginalMessage()));
    } catch (IOException e) {
      return ConversionParseResult.rejected(
          ConversionRejectReason.MALFORMED_JSON, JsonFields.firstLine(e.getMessage()));
    }
    if (root == null || !root.isObject()) {
      return ConversionParseResult.rejected(
          ConversionRejectReason.MALFORMED_JSON, "expected a JSON object");
    }
    try {
      return ConversionParseResult.valid(
          read(root, recordTimestamp >= 0 ? recordTimestamp : System.currentTimeMillis()));
    } catch (InvalidConversion e) {
      return ConversionParseResult.rejected(e.reason, e.getMessage());
    } catch (InvalidField e) {
      return ConversionParseResult.rejected(ConversionRejectReason.of(e.reason), e.getMessage());
    } catch (RuntimeException e) {
      // A bug here must cost one record, not the job.
      return ConversionParseResult.rejected(
          ConversionRejectReason.PROCESSING_ERROR, e.getClass().getSimpleName());
    }
  }

  private ConversionEvent read(JsonNode root, long referenceTime) {
    ConversionEvent e = new ConversionEvent();
    e.conversionId = identifier(root, "conversion_id", true);
    e.type = type(root);
    e.eventTime = JsonFields.time(root, "event_time", true);
    if (e.eventTime > referenceTime + limits.maxFutureSkew().toMillis()) {
      throw new InvalidConversion(
          ConversionRejectReason.TIME_OUT_OF_RANGE,
          "event_time "
              + e.eventTime
              + " is more than "
              + limits.maxFutureSkew()
              + " in the future");
    }
    e.clickId = identifier(root, "click_id", false);
    e.visitorIp = visitorIp(root);
    e.visitorUserAgent = JsonFields.optionalText(root, "visitor_user_agent", MAX_USER_AGENT_LENGTH);
    if (e.visitorUserAgent != null && e.visitorIp == null) {
      throw new InvalidConversion(
          ConversionRejectReason.MISSING_FIELD,
          "visitor_ip: visitor_user_agent alone identifies no visitor");
    }
    e.contactId = contactId(root);
    if (e.clickId == null && e.visitorIp == null && e.contactId == null) {
      throw new InvalidConversion(
          ConversionRejectReason.NO_IDENTITY,
          "none of click_id, visitor_ip, contact_id: nothing to attribute the conversion to");
    }
    e.amount = amount(root);
    e.currency = currency(root);
    if (e.type == ConversionType.SALE && e.amount == null) {
      throw new InvalidConversion(
          ConversionRejectReason.INVALID_AMOUNT, "amount: a sale needs one");
    }
    if ((e.amount == null) != (e.currency == null)) {
      throw new InvalidConversion(
          ConversionRejectReason.INVALID_CURRENCY,
          e.amount == null ? "currency without an amount" : "amount without a currency");
    }
    e.linkId = identifier(root, "link_id", false);
    e.campaignId = identifier(root, "campaign_id", false);
    e.isTest = isTest(root);
    return e;
  }

  private static ConversionType type(JsonNode root) {
    String value = JsonFields.requiredText(root, "type", 32);
    return ConversionType.fromJson(value)
        .orElseThrow(
            () ->
                new InvalidConversion(
                    ConversionRejectReason.UNKNOWN_TYPE,
                    "type '" + value + "' is none of lead, signup, sale"));
  }

  private static String identifier(JsonNode root, String field, boolean required) {
    return JsonFields.identifier(root, field, MAX_ID_LENGTH, required);
  }

  private static String visitorIp(JsonNode root) {
    String value = JsonFields.optionalText(root, "visitor_ip", 64);
    if (value == null) {
      return null;
    }
    try {
      IpAddresses.parseLiteral(value);
    } catch (IllegalArgumentException e) {
      // The detail never repeats the value: it may be an address.
      throw new InvalidConversion(
          ConversionRejectReason.INVALID_FIELD, "visitor_ip is not an IPv4 or IPv6 address");
    }
    return value;
  }

  private static String contactId(JsonNode root) {
    String value = identifier(root, "contact_id", false);
    if (value != null && EMAIL_LIKE.matcher(value).matches()) {
      throw new InvalidConversion(
          ConversionRejectReason.INVALID_FIELD,
          "contact_id looks like an email address: send the CRM's contact id, not personal data");
    }
    return value;
  }

  /** A JSON number or a decimal string ("19.99"): strings keep exact cents past a double. */
  private static BigDecimal amount(JsonNode root) {
    JsonNode node = root.get("amount");
    if (node == null || node.isNull()) {
      return null;
    }
    BigDecimal amount;
    if (node.isNumber()) {
      if (node.isDouble() && !Double.isFinite(node.doubleValue())) {
        throw new InvalidConversion(ConversionRejectReason.INVALID_AMOUNT, "amount is not finite");
      }
      amount = node.decimalValue();
    } else if (node.isTextual()) {
      if (!DECIMAL.matcher(node.textValue()).matches()) {
        throw new InvalidConversion(
            ConversionRejectReason.INVALID_AMOUNT, "amount is not a decimal number like 19.99");
      }
      amount = new BigDecimal(node.textValue());
    } else {
      throw new InvalidConversion(
          ConversionRejectReason.WRONG_TYPE, "amount: expected a number or a decimal string");
    }
    if (amount.signum() < 0) {
      throw new InvalidConversion(ConversionRejectReason.INVALID_AMOUNT, "amount is negative");
    }
    amount = amount.signum() == 0 ? BigDecimal.ZERO : amount.stripTrailingZeros();
    if (amount.scale() > MAX_SCALE) {
      throw new InvalidConversion(
          ConversionRejectReason.INVALID_AMOUNT, "amount has more than " + MAX_SCALE + " decimals");
    }
    if (amount.compareTo(MAX_AMOUNT) > 0) {
      throw new InvalidConversion(
          ConversionRejectReason.INVALID_AMOUNT, "amount is larger than " + MAX_AMOUNT);
    }
    return amount.scale() < 0 ? amount.setScale(0) : amount;
  }

  private static String currency(JsonNode root) {
    String value = JsonFields.optionalText(root, "currency", 8);
    if (value != null && (!CURRENCY_CODE.matcher(value).matches() || !CURRENCIES.contains(value))) {
      throw new InvalidConversion(
          ConversionRejectReason.INVALID_CURRENCY,
          "currency '" + value + "' is not an ISO 4217 code such as EUR or USD");
    }
    return value;
  }

  private static boolean isTest(JsonNode root) {
    JsonNode node = root.get("is_test");
    if (node == null || node.isNull()) {
      return false;
    }
    if (!node.isBoolean()) {
      throw new InvalidConversion(ConversionRejectReason.WRONG_TYPE, "is_test: expected a boolean");
    }
    return node.booleanValue();
  }

  /** Internal control flow: the first problem found ends validation of a record. */
  private static final class InvalidConversion extends RuntimeException {
    final ConversionRejectReason reason;

    InvalidConversion(ConversionRejectReason reason, String detail) {
      super(detail, null, false, false);
      this.reason = reason;
    }
  }
}
