package io.clickpulse.udf.link;

import static io.clickpulse.udf.link.Links.CHECKS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ImportSummaryTest {
  /**
   * One CSV export row per link, as a marketer's spreadsheet for a bulk import would hold it:
   * import|type|link_id|version|short_url|destination_url|utm_source|utm_medium|utm_campaign. A
   * blank cell is an absent field.
   */
  private static List<LinkEvent> rows(String table) {
    return table
        .lines()
        .filter(l -> !l.isBlank())
        .map(
            line -> {
              String[] c = line.split("\\|", -1);
              LinkEvent e = Links.created(c[2].strip(), Long.parseLong(c[3].strip()), c[5].strip());
              e.importId = c[0].strip();
              e.type = LinkEventType.fromJson(c[1].strip()).orElseThrow();
              e.shortUrl = c[4].strip();
              e.utmSource = blankToNull(c[6]);
              e.utmMedium = blankToNull(c[7]);
              e.utmCampaign = blankToNull(c[8]);
              return e;
            })
        .toList();
  }

  private static String blankToNull(String cell) {
    return cell.isBlank() ? null : cell.strip();
  }

  static Stream<Arguments> imports() {
    return Stream.of(
        Arguments.of(
            "a clean import of three newsletter links",
            """
            imp-1|created|nl-1|1|https://go.acme.com/nl-1|https://shop.acme.com/boots|newsletter|email|winter
            imp-1|created|nl-2|1|https://go.acme.com/nl-2|https://shop.acme.com/coats|newsletter|email|winter
            imp-1|created|nl-3|1|https://go.acme.com/nl-3|https://shop.acme.com/hats|newsletter|email|winter
            """,
            3,
            "dup={} missing={} unknown={} malformed={} chains={} domains={}"),
        Arguments.of(
            "duplicates spelled differently, a typo, a bit.ly destination, a foreign domain",
            """
            imp-1|created|nl-1|1|https://go.acme.com/nl-1|https://shop.acme.com/boots?size=42&color=red|newsletter|email|winter
            imp-1|created|nl-2|1|https://go.acme.com/nl-2|https://SHOP.acme.com/boots/?color=red&size=42|newsletter|email|winter
            imp-1|created|nl-3|1|https://go.acme.com/nl-3|https://shop.acme.com/coats|newsleter|email|winter
            imp-1|created|nl-4|1|https://go.acme.com/nl-4|https://bit.ly/3xYz9Ab|newsletter|email|winter
            imp-1|created|nl-5|1|https://acme-promo.net/nl-5|https://shop.acme.com/hats|newsletter|email|winter
            imp-1|created|nl-6|1|https://go.acme.com/nl-6|https://shop.acme.com/gloves|newsletter||winter
            imp-1|created|nl-7|1|https://go.acme.com/nl-7|https://shop.acme.com/scarves|utm_source=newsletter|email|winter
            """,
            7,
            "dup={https://shop.acme.com/boots?color=red&size=42=[nl-1, nl-2]}"
                + " missing={nl-6=[utm_medium]} unknown={nl-3={utm_source=newsleter}}"
                + " malformed={nl-7={utm_source=utm_source=newsletter}}"
                + " chains={nl-4=https://bit.ly/3xYz9Ab} domains={nl-5=acme-promo.net}"),
        Arguments.of(
            "a link fixed within the import counts once, as fixed",
            """
            imp-1|created|nl-1|1|https://go.acme.com/nl-1|https://shop.acme.com/boots|newsletter|email|winter
            imp-1|created|nl-2|1|https://go.acme.com/nl-2|https://shop.acme.com/boots|newsletter|email|winter
            imp-1|updated|nl-2|2|https://go.acme.com/nl-2|https://shop.acme.com/coats|newsletter|email|winter
            imp-1|updated|nl-2|1|https://go.acme.com/nl-2|https://shop.acme.com/boots|newsletter|email|winter
            """,
            2,
            "dup={} missing={} unknown={} malformed={} chains={} domains={}"),
        Arguments.of(
            "links of another import are not counted",
            """
            imp-1|created|nl-1|1|https://go.acme.com/nl-1|https://shop.acme.com/boots|newsletter|email|winter
            imp-2|created|nl-2|1|https://go.acme.com/nl-2|https://shop.acme.com/boots|newsletter|email|winter
            """,
            1,
            "dup={} missing={} unknown={} malformed={} chains={} domains={}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("imports")
  void summarizesOneImport(String name, String table, int links, String expected) {
    ImportSummary summary = new ImportSummary("imp-1");
    rows(table).forEach(e -> summary.add(e, CHECKS));
    ImportSummary.Report r = summary.report();
    assertEquals(links, r.links(), name);
    assertEquals(
        expected,
        "dup=%s missing=%s unknown=%s malformed=%s chains=%s domains=%s"
            .formatted(
                r.duplicateDestinations(),
                r.missingUtm(),
                r.unknownUtm(),
                r.malformedUtm(),
                r.redirectChains(),
                r.unexpectedDomains()),
        name);
    assertEquals(
        expected.equals("dup={} missing={} unknown={} malformed={} chains={} domains={}"),
        r.clean());
  }

  @Test
  void countsLinksWithProblemsOnceAndIgnoresOtherTypes() {
    ImportSummary summary = new ImportSummary("imp-9");
    LinkEvent a = Links.created("a", 1, "https://bit.ly/x");
    a.importId = "imp-9";
    a.utmSource = "newsleter";
    LinkEvent b = Links.created("b", 1, "https://bit.ly/x");
    b.importId = "imp-9";
    LinkEvent delete = Links.deleted("a", 2, Links.T);
    delete.importId = "imp-9";
    assertTrue(summary.add(a, CHECKS));
    assertTrue(summary.add(b, CHECKS));
    assertFalse(summary.add(delete, CHECKS));
    ImportSummary.Report r = summary.report();
    assertEquals(Map.of("https://bit.ly/x", List.of("a", "b")), r.duplicateDestinations());
    assertEquals(2, r.linksWithProblems());
    assertEquals(Links.T, r.firstEventTime());
  }
}
