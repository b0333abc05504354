package io.clickpulse.udf.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clickpulse.udf.event.ContactIds.Problem;
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
}
