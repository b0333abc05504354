package io.clickpulse.udf.conversion;

import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Conversions as shops, websites and CRM integrations send them, shared by the parser test and the
 * schema test so that both judge the same records.
 */
final class ConversionExamples {
  /** The Kafka record timestamp the parser checks event_time against: 2026-12-05T21:00:00Z. */
  static final long RECORD_TIME = 1_796_504_400_000L;

  /** 2026-12-05T20:59:00Z. */
  static final long EVENT_TIME = RECORD_TIME - 60_000;

  private ConversionExamples() {}

  /** Every field: a shop's order confirmation page reporting a sale. */
  static final String FULL_SALE =
      """
      {"conversion_id":"ord-2026-120577","type":"sale","event_time":%d,
       "click_id":"01JEKZ8M4T2V6X9A3B5C7D1E2F","visitor_ip":"203.0.113.54",
       "visitor_user_agent":"Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15",
       "contact_id":"hs-contact-88412","amount":129.95,"currency":"EUR",
       "link_id":"lnk_winter_sale_nl","campaign_id":"cmp-2026-winter","is_test":false}
      """
          .formatted(EVENT_TIME);

  static String without(String json, String part) {
    if (!json.contains(part)) {
      throw new IllegalArgumentException("not in the example: " + part);
    }
    return json.replace(part, "");
  }

  /** Records both the parser and the schema accept: name, JSON. */
  static Stream<Arguments> valid() {
    return Stream.of(
        Arguments.of("every field", FULL_SALE),
        Arguments.of(
            "a lead from the CRM, contact only, ISO time",
            """
            {"conversion_id":"lead-77120","type":"lead","event_time":"2026-12-03T09:12:00+01:00",
             "contact_id":"sf-0035g00000XyZ12"}
            """),
        Arguments.of(
            "a sign-up by click id, amount as a string, unknown fields",
            """
            {"conversion_id":"su-9","type":"signup","event_time":%d,"click_id":"evt-42",
             "amount":"0","currency":"USD","plan":"free","utm":{"source":"x"}}
            """
                .formatted(EVENT_TIME)),
        Arguments.of(
            "a sale from an IPv6 visitor, exact cents as a string, nulls",
            """
            {"conversion_id":"ord-5","type":"sale","event_time":%d,"visitor_ip":"2001:db8::7",
             "visitor_user_agent":null,"amount":"1999.9900","currency":"JPY","click_id":null,
             "contact_id":null,"link_id":null,"is_test":null}
            """
                .formatted(EVENT_TIME)),
        Arguments.of(
            "test traffic",
            """
            {"conversion_id":"qa-1","type":"lead","event_time":%d,"visitor_ip":"198.51.100.7",
             "is_test":true}
            """
                .formatted(EVENT_TIME)));
  }

  /** Records both reject: name, JSON, the parser's reason code. */
  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of(
            "no conversion_id",
            without(FULL_SALE, "\"conversion_id\":\"ord-2026-120577\","),
            "missing_field"),
        Arguments.of(
            "blank conversion_id",
            FULL_SALE.replace("\"ord-2026-120577\"", "\" \""),
            "invalid_field"),
        Arguments.of("unknown type", FULL_SALE.replace("\"sale\"", "\"purchase\""), "unknown_type"),
        Arguments.of("type in capitals", FULL_SALE.replace("\"sale\"", "\"SALE\""), "unknown_type"),
        Arguments.of("no type", without(FULL_SALE, "\"type\":\"sale\","), "missing_field"),
        Arguments.of(
            "no event_time",
            without(FULL_SALE, "\"event_time\":" + EVENT_TIME + ","),
            "missing_field"),
        Arguments.of(
            "event_time in epoch seconds",
            FULL_SALE.replace("" + EVENT_TIME, "" + EVENT_TIME / 1000),
            "time_out_of_range"),
        Arguments.of(
            "event_time a date without time",
            FULL_SALE.replace("" + EVENT_TIME, "\"2026-12-05\""),
            "invalid_field"),
        Arguments.of(
            "no way to find the visitor",
            """
            {"conversion_id":"lead-1","type":"lead","event_time":%d,"link_id":"lnk_1"}
            """
                .formatted(EVENT_TIME),
            "no_identity"),
        Arguments.of(
            "identities all null",
            """
            {"conversion_id":"lead-1","type":"lead","event_time":%d,"click_id":null,
             "visitor_ip":null,"contact_id":null}
            """
                .formatted(EVENT_TIME),
            "no_identity"),
        Arguments.of(
            "user agent without an IP",
            """
            {"conversion_id":"lead-1","type":"lead","event_time":%d,"contact_id":"c-1",
             "visitor_user_agent":"Mozilla/5.0"}
            """
                .formatted(EVENT_TIME),
            "missing_field"),
        Arguments.of(
            "visitor_ip a host name",
            FULL_SALE.replace("203.0.113.54", "shop.acme.com"),
            "invalid_field"),
        Arguments.of(
            "a sale without amount", without(FULL_SALE, "\"amount\":129.95,"), "invalid_amount"),
        Arguments.of(
            "negative amount (a refund is no conversion)",
            FULL_SALE.replace("129.95", "-129.95"),
            "invalid_amount"),
        Arguments.of(
            "amount with a thousands separator",
            FULL_SALE.replace("129.95", "\"1,299.95\""),
            "invalid_amount"),
        Arguments.of("amount a boolean", FULL_SALE.replace("129.95", "true"), "wrong_type"),
        Arguments.of(
            "amount without currency",
            without(FULL_SALE, ",\"currency\":\"EUR\""),
            "invalid_currency"),
        Arguments.of(
            "currency without amount",
            """
            {"conversion_id":"lead-2","type":"lead","event_time":%d,"contact_id":"c-2",
             "currency":"EUR"}
            """
                .formatted(EVENT_TIME),
            "invalid_currency"),
        Arguments.of(
            "currency in lower case", FULL_SALE.replace("\"EUR\"", "\"eur\""), "invalid_currency"),
        Arguments.of(
            "currency a symbol", FULL_SALE.replace("\"EUR\"", "\"€\""), "invalid_currency"),
        Arguments.of(
            "is_test as a string",
            FULL_SALE.replace("\"is_test\":false", "\"is_test\":\"no\""),
            "wrong_type"),
        Arguments.of(
            "click_id a number",
            FULL_SALE.replace("\"01JEKZ8M4T2V6X9A3B5C7D1E2F\"", "42"),
            "wrong_type"));
  }
}
