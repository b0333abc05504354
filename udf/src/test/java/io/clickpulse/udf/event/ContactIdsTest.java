package io.clickpulse.udf.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clickpulse.udf.event.ContactIds.Problem;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContactIdsTest {
  @ParameterizedTest(name = "''{0}'' -> {1}")
  @CsvSource(
      nullValues = "OK",
      value = {
        // CRM ids as they come: HubSpot, Salesforce, Pipedrive, plain numbers
        "hs-contact-88412, OK",
        "0035g00000XyZ12, OK",
        "88412, OK",
        "51234567890, OK",
        "pd:person:77, OK",
        "c_1.2, OK",
        // personal data
        "maria.jansen@acme.com, EMAIL",
        "maria@localhost, EMAIL",
        "+491701234567, PHONE",
        "0170-1234567, PHONE",
        "030.123.4567, PHONE",
        "'+49 170 1234567', PHONE",
        "'(030) 1234567', PHONE",
        // not an id
        "'', MALFORMED",
        "'maria jansen', MALFORMED",
        "-leading-dash, MALFORMED",
        "'a/b', MALFORMED",
        "+12, MALFORMED",
      })
  void classifies(String value, Problem expected) {
    assertEquals(expected, ContactIds.problem(value));
  }

  @ParameterizedTest(name = "length {0} -> {1}")
  @CsvSource(
      nullValues = "OK",
      value = {"128, OK", "129, MALFORMED"})
  void boundsTheLength(int length, Problem expected) {
    assertEquals(expected, ContactIds.problem("c".repeat(length)));
  }

  /** A click's contact: the catalog's first, then custom.contact_id, never an improper one. */
  @ParameterizedTest(name = "catalog ''{0}'', custom ''{1}'' -> ''{2}''")
  @CsvSource(
      nullValues = "NULL",
      value = {
        "hs-1, NULL, hs-1",
        "'', hs-2, hs-2",
        "NULL, hs-2, hs-2",
        "hs-1, hs-2, hs-1",
        "maria@acme.com, hs-2, hs-2",
        "maria@acme.com, NULL, ''",
        "'', +491701234567, ''",
        "NULL, NULL, ''",
      })
  void findsAClicksContact(String catalog, String custom, String expected) {
    Map<String, String> dimensions = new HashMap<>();
    if (custom != null) {
      dimensions.put(ContactIds.CUSTOM_KEY, custom);
    }
    assertEquals(expected, ContactIds.ofClick(catalog, dimensions));
  }
}
