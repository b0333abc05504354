package io.clickpulse.udf.crm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.clickpulse.udf.enrich.EnrichedClick;
import io.clickpulse.udf.event.ClickEvent;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CrmClickTest {
  /**
   * Which clicks the CRM rules see, and whose contact: the catalog's first, then custom.contact_id;
   * an improper one (an email in the catalog) is ignored and flagged.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "NULL",
      textBlock =
          """
          human, catalog contact|human|hs-1|NULL|hs-1|false
          human, custom contact|human|''|hs-2|hs-2|false
          human, both: the catalog wins|human|hs-1|hs-2|hs-1|false
          human, no contact|human|''|NULL|''|false
          catalog email ignored, custom used|human|maria@acme.com|hs-2|hs-2|true
          catalog email ignored|human|maria@acme.com|NULL|''|true
          bot by user agent|bot|hs-1|NULL|NULL|false
          test traffic|test|hs-1|NULL|NULL|false
          too late for its minute|late|hs-1|NULL|NULL|false
          """)
  void seesHumanOnTimeClicksAndTheirContact(
      String name, String kind, String catalog, String custom, String contact, boolean improper) {
    EnrichedClick e = new EnrichedClick();
    e.click = new ClickEvent();
    e.click.eventId = "e1";
    e.click.eventTime = 1L;
    e.click.linkId = "lnk";
    e.click.campaignId = "cmp";
    e.contactId = catalog;
    if (custom != null) {
      e.click.custom.put("contact_id", custom);
    }
    e.linkTags = List.of("pricing");
    e.isBot = kind.equals("bot");
    e.click.isTest = kind.equals("test");
    e.click.tooLate = kind.equals("late");
    CrmClick c = CrmClick.of(e);
    if (contact == null) {
      assertNull(c);
    } else {
      assertEquals(contact, c.contactId);
      assertEquals(List.of("pricing"), c.linkTags);
      assertEquals("cmp", c.campaignId);
    }
    assertEquals(improper, CrmClick.hasImproperContactId(e));
  }
}
