package io.clickpulse.local;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clickpulse.stack.traffic.ConversionLedger;
import io.clickpulse.stack.traffic.ConversionRecord;
import io.clickpulse.stack.traffic.PlantedContact;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The summary's conversions, CRM signal and click feed against the ledger: as planted only when the
 * stored rows and the receiver's deliveries are exactly what the generator sent.
 */
class DemoOutcomesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ConversionRecord conversion(
      String id, String type, String link, String amount, String model, String reason) {
    boolean late = id.equals("cnv-late");
    return new ConversionRecord(
        id,
        new byte[0],
        type,
        1_000,
        late ? 10_801_000 : 2_000,
        model == null || model.equals("last_click") ? "evt-" + id : null,
        link,
        amount,
        amount == null ? null : "EUR",
        model,
        reason,
        late,
        id.equals("cnv-contact") ? "hs-contact-1" : null);
  }

  private static final ConversionLedger LEDGER =
      ConversionLedger.of(
          List.of(
              conversion("cnv-late", "sale", "lnk-a", "10.50", "last_click", null),
              conversion("cnv-2", "lead", "lnk-b", null, "last_click", null),
              conversion("cnv-contact", "lead", "lnk-p2", null, "last_click", null),
              conversion("cnv-3", "signup", "lnk-b", null, "none", null),
              conversion("cnv-bad", "sale", "lnk-a", null, null, "invalid_amount")));

  private static final PlantedContact CONTACT =
      new PlantedContact(
          "hs-contact-1",
          "pricing",
          List.of("lnk-p1", "lnk-p2"),
          List.of(1_000L, 361_000L),
          List.of("evt-p1", "evt-p2"));

  /** ClickHouse as it answers when everything went as planted, with {@code changes} applied. */
  private static Function<String, String> clickhouse(Map<String, String> changes) {
    return sql -> {
      for (var e : changes.entrySet()) {
        if (sql.contains(e.getKey())) {
          return e.getValue();
        }
      }
      if (sql.contains("FROM conversions FINAL WHERE slot = 0 GROUP BY")) {
        return "lnk-a\tsale\tlast_click\t1\tEUR\t10.5\n"
            + "lnk-b\tlead\tlast_click\t1\t\t0\n"
            + "lnk-p2\tlead\tlast_click\t1\t\t0\n"
            + "\tsignup\tnone\t1\t\t0\n";
      }
      if (sql.contains("dead_letters")) {
        return "invalid_amount\t1\n";
      }
      if (sql.contains("conversion_id = 'cnv-late'")) {
        return "last_click\tlnk-a\tevt-cnv-late\n";
      }
      if (sql.contains("conversion_id = 'cnv-contact'")) {
        return "last_click\tlnk-p2\tevt-cnv-contact\n";
      }
      if (sql.contains("crm_signals")) {
        return "sig-1\tpricing-interest\tcontact\ths-contact-1\t2\n";
      }
      throw new AssertionError(sql);
    };
  }

  private static DemoOutcomes outcomes(
      Map<String, String> changes, int deliveries, List<String> feed) throws Exception {
    JsonNode signal = JSON.readTree("{\"signal_id\":\"sig-1\"}");
    return new DemoOutcomes(
        clickhouse(changes),
        "conversions",
        LEDGER,
        CONTACT,
        java.util.Collections.nCopies(deliveries, signal),
        feed);
  }

  @Test
  void asPlanted() throws Exception {
    DemoOutcomes o = outcomes(Map.of(), 1, List.of("evt-p2", "evt-p1"));
    assertTrue(o.ok(), String.join("\n", o.lines()));
    assertTrue(String.join("\n", o.lines()).contains(": as planted"));
  }

  @Test
  void aConversionCreditedToAnotherLinkIsAMismatch() throws Exception {
    DemoOutcomes o =
        outcomes(
            Map.of(
                "GROUP BY link_id",
                "lnk-b\tsale\tlast_click\t1\tEUR\t10.5\nlnk-b\tlead\tlast_click\t1\t\t0\n"
                    + "lnk-p2\tlead\tlast_click\t1\t\t0\n\tsignup\tnone\t1\t\t0\n"),
            1,
            List.of("evt-p1", "evt-p2"));
    assertFalse(o.conversionsAsPlanted());
    assertFalse(o.ok());
  }

  @Test
  void revenueMustAgreePerCurrency() throws Exception {
    DemoOutcomes o =
        outcomes(
            Map.of(
                "GROUP BY link_id",
                "lnk-a\tsale\tlast_click\t1\tEUR\t10.49\nlnk-b\tlead\tlast_click\t1\t\t0\n"
                    + "lnk-p2\tlead\tlast_click\t1\t\t0\n\tsignup\tnone\t1\t\t0\n"),
            1,
            List.of("evt-p1", "evt-p2"));
    assertFalse(o.conversionsAsPlanted());
  }

  @Test
  void theLateConversionLeftUnattributedIsReported() throws Exception {
    DemoOutcomes o =
        outcomes(
            Map.of("conversion_id = 'cnv-late'", "none\t\t\n"), 1, List.of("evt-p1", "evt-p2"));
    assertFalse(o.lateAttributed());
    assertTrue(String.join("\n", o.lines()).contains("NOT ATTRIBUTED"));
  }

  @Test
  void theContactsLeadLeftUnattributedIsReported() throws Exception {
    DemoOutcomes o =
        outcomes(
            Map.of("conversion_id = 'cnv-contact'", "none\t\t\n"), 1, List.of("evt-p1", "evt-p2"));
    assertTrue(o.lateAttributed());
    assertFalse(o.contactAttributed());
    assertFalse(o.ok());
    assertTrue(
        String.join("\n", o.lines()).contains("lead cnv-contact by contact hs-contact-1 alone"),
        String.join("\n", o.lines()));
  }

  @Test
  void theSignalMustBeDeliveredExactlyOnce() throws Exception {
    assertFalse(outcomes(Map.of(), 0, List.of("evt-p1", "evt-p2")).signalAsPlanted());
    assertFalse(outcomes(Map.of(), 2, List.of("evt-p1", "evt-p2")).signalAsPlanted());
    assertFalse(
        outcomes(Map.of("crm_signals", ""), 1, List.of("evt-p1", "evt-p2")).signalAsPlanted());
  }

  @Test
  void theFeedMustCarryTheContactsClicksOnce() throws Exception {
    assertFalse(outcomes(Map.of(), 1, List.of("evt-p1")).feedAsPlanted());
    assertFalse(outcomes(Map.of(), 1, List.of("evt-p1", "evt-p1")).feedAsPlanted());
    assertFalse(outcomes(Map.of(), 1, List.of("evt-p1", "evt-p2", "evt-x")).feedAsPlanted());
  }
}
