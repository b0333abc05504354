package io.clickpulse.udf.link;

import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Link events as shorteners and CRM integrations send them, shared by the parser test and the
 * schema test so that both judge the same records.
 */
final class LinkExamples {
  /** The Kafka record timestamp the parser checks event_time against: 2026-12-05T21:00:00Z. */
  static final long RECORD_TIME = 1_796_504_400_000L;

  /** 2026-12-05T20:59:00Z. */
  static final long EVENT_TIME = RECORD_TIME - 60_000;

  private LinkExamples() {}

  /** Every field, as the shortener API publishes a new campaign link. */
  static final String FULL_CREATED =
      """
      {"event_id":"01JEKX4Q2W7M3C8B9D5F6G7H8J","type":"created","event_time":%d,
       "link_id":"lnk_winter_sale_nl","short_url":"https://go.acme.com/winter",
       "destination_url":"https://shop.acme.com/sale?utm_source=newsletter&utm_medium=email",
       "custom_domain":"go.acme.com","utm_source":"newsletter","utm_medium":"email",
       "utm_campaign":"winter-sale","utm_term":"boots","utm_content":"hero-banner",
       "campaign_id":"cmp-2026-winter","campaign_name":"Winter sale 2026",
       "owner":"maria.jansen@acme.com","tags":["winter","nl"],"priority":"high",
       "qr_code_id":"qr-poster-ams-01","expires_at":"2026-12-31T23:00:00Z",
       "campaign_ends_at":"2026-12-24T23:00:00Z",
       "contact_id":"hs-contact-88412","created_by":"maria.jansen@acme.com",
       "import_id":"imp-2026-12-05-1","version":1}
      """
          .formatted(EVENT_TIME);

  /** Records both the parser and the schema accept: name, JSON. */
  static Stream<Arguments> valid() {
    return Stream.of(
        Arguments.of("every field", FULL_CREATED),
        Arguments.of(
            "minimal delete",
            """
            {"event_id":"evt-del-77","type":"deleted","event_time":%d,
             "link_id":"lnk_winter_sale_nl","version":4}
            """
                .formatted(EVENT_TIME)),
        Arguments.of(
            "expiry as ISO times",
            """
            {"event_id":"evt-exp-12","type":"expiry_scheduled","event_time":"2026-12-05T20:59:00Z",
             "link_id":"lnk_winter_sale_nl","expires_at":"2027-01-06T00:00:00+01:00","version":2}
            """),
        Arguments.of(
            "update with a Slack owner, nulls and fields this version does not know",
            """
            {"event_id":"evt-upd-3","type":"updated","event_time":%d,"link_id":"lnk_bf_ig",
             "short_url":"https://acme.link/bf","destination_url":"https://acme.com/black-friday",
             "owner":"U012ABCDEF","utm_source":"ig","utm_medium":"paid social",
             "utm_campaign":"black friday","tags":null,"priority":null,"expires_at":null,
             "qr_code_id":null,"click_limit":5000,"folder":{"id":"f-9"},"version":7}
            """
                .formatted(EVENT_TIME)),
        Arguments.of(
            "CRM one-to-one link on an upper-case custom domain, minutes-only time",
            """
            {"event_id":"evt-crm-1","type":"created","event_time":"2026-12-05T21:59+01:00",
             "link_id":"lnk_c_88412","short_url":"https://Meet.Acme.com/k3x",
             "destination_url":"https://calendly.com/acme-sales/30min","custom_domain":"Meet.Acme.com",
             "contact_id":"hs-contact-88412","owner":"W0AB12CD3","created_by":"hubspot-sync",
             "tags":[],"version":1}
            """));
  }

  /** Records both reject: name, JSON, the parser's reason code. */
  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of(
            "no event_id",
            without(FULL_CREATED, "\"event_id\":\"01JEKX4Q2W7M3C8B9D5F6G7H8J\","),
            "missing_field"),
        Arguments.of(
            "unknown type", FULL_CREATED.replace("\"created\"", "\"archived\""), "unknown_type"),
        Arguments.of(
            "type in capitals", FULL_CREATED.replace("\"created\"", "\"CREATED\""), "unknown_type"),
        Arguments.of("no type", without(FULL_CREATED, "\"type\":\"created\","), "missing_field"),
        Arguments.of(
            "event_time in words",
            FULL_CREATED.replace("\"event_time\":" + EVENT_TIME, "\"event_time\":\"yesterday\""),
            "invalid_field"),
        Arguments.of(
            "event_time a boolean",
            FULL_CREATED.replace("\"event_time\":" + EVENT_TIME, "\"event_time\":true"),
            "wrong_type"),
        Arguments.of(
            "event_time in epoch seconds",
            FULL_CREATED.replace("\"event_time\":" + EVENT_TIME, "\"event_time\":1796504340"),
            "time_out_of_range"),
        Arguments.of(
            "created without destination",
            without(
                FULL_CREATED,
                "\"destination_url\":\"https://shop.acme.com/sale?utm_source=newsletter&utm_medium=email\","),
            "missing_field"),
        Arguments.of(
            "update with destination null",
            """
            {"event_id":"e1","type":"updated","event_time":%d,"link_id":"lnk_1",
             "short_url":"https://go.acme.com/a","destination_url":null,"version":2}
            """
                .formatted(EVENT_TIME),
            "missing_field"),
        Arguments.of(
            "update without short_url",
            """
            {"event_id":"e1","type":"updated","event_time":%d,"link_id":"lnk_1",
             "destination_url":"https://acme.com/a","version":2}
            """
                .formatted(EVENT_TIME),
            "missing_field"),
        Arguments.of(
            "delete without version",
            """
            {"event_id":"e2","type":"deleted","event_time":%d,"link_id":"lnk_1"}
            """
                .formatted(EVENT_TIME),
            "missing_field"),
        Arguments.of(
            "version 0", FULL_CREATED.replace("\"version\":1", "\"version\":0"), "invalid_field"),
        Arguments.of(
            "version as a string",
            FULL_CREATED.replace("\"version\":1", "\"version\":\"1\""),
            "wrong_type"),
        Arguments.of(
            "short_url without scheme",
            FULL_CREATED.replace("https://go.acme.com/winter", "go.acme.com/winter"),
            "invalid_url"),
        Arguments.of(
            "ftp destination",
            FULL_CREATED.replace(
                "https://shop.acme.com/sale?utm_source=newsletter&utm_medium=email",
                "ftp://files.acme.com/sale.pdf"),
            "invalid_url"),
        Arguments.of(
            "destination with a space",
            FULL_CREATED.replace(
                "https://shop.acme.com/sale?", "https://shop.acme.com/winter sale?"),
            "invalid_url"),
        Arguments.of(
            "owner a bare name",
            FULL_CREATED.replace("maria.jansen@acme.com\",\"tags", "maria\",\"tags"),
            "invalid_owner"),
        Arguments.of(
            "owner a Slack handle",
            FULL_CREATED.replace("maria.jansen@acme.com\",\"tags", "@maria\",\"tags"),
            "invalid_owner"),
        Arguments.of(
            "owner a lower-case member id",
            FULL_CREATED.replace("maria.jansen@acme.com\",\"tags", "u012abcdef\",\"tags"),
            "invalid_owner"),
        Arguments.of(
            "expiry without expires_at",
            """
            {"event_id":"e3","type":"expiry_scheduled","event_time":%d,"link_id":"lnk_1","version":3}
            """
                .formatted(EVENT_TIME),
            "missing_field"),
        Arguments.of(
            "expiry with expires_at null",
            """
            {"event_id":"e3","type":"expiry_scheduled","event_time":%d,"link_id":"lnk_1",
             "expires_at":null,"version":3}
            """
                .formatted(EVENT_TIME),
            "missing_field"),
        Arguments.of(
            "custom_domain with a scheme",
            FULL_CREATED.replace(
                "\"custom_domain\":\"go.acme.com\"", "\"custom_domain\":\"https://go.acme.com\""),
            "invalid_field"),
        Arguments.of(
            "tags as one string",
            FULL_CREATED.replace("[\"winter\",\"nl\"]", "\"winter,nl\""),
            "wrong_type"),
        Arguments.of(
            "tags as numbers",
            FULL_CREATED.replace("[\"winter\",\"nl\"]", "[2026,12]"),
            "wrong_type"),
        Arguments.of(
            "blank tag",
            FULL_CREATED.replace("[\"winter\",\"nl\"]", "[\"winter\",\" \"]"),
            "invalid_field"),
        Arguments.of(
            "unknown priority", FULL_CREATED.replace("\"high\"", "\"urgent\""), "invalid_field"),
        Arguments.of(
            "priority in capitals", FULL_CREATED.replace("\"high\"", "\"High\""), "invalid_field"),
        Arguments.of(
            "blank link_id",
            FULL_CREATED.replace("\"lnk_winter_sale_nl\"", "\"   \""),
            "invalid_field"),
        Arguments.of(
            "utm_source a number",
            FULL_CREATED.replace("\"utm_source\":\"newsletter\"", "\"utm_source\":42"),
            "wrong_type"),
        Arguments.of(
            "expires_at in epoch seconds",
            FULL_CREATED.replace("\"2026-12-31T23:00:00Z\"", "1798758000"),
            "time_out_of_range"),
        Arguments.of("an array of events", "[" + FULL_CREATED + "]", "malformed_json"));
  }

  static String without(String json, String fragment) {
    if (!json.contains(fragment)) {
      throw new IllegalArgumentException("not in the example: " + fragment);
    }
    return json.replace(fragment, "");
  }
}
