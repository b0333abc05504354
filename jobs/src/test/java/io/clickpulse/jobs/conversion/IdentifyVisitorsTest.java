package io.clickpulse.jobs.conversion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.clickpulse.jobs.settings.Secret;
import io.clickpulse.udf.conversion.ConversionEvent;
import io.clickpulse.udf.enrich.ClickEnricher;
import io.clickpulse.udf.enrich.EnrichedClick;
import io.clickpulse.udf.enrich.UserAgentClassifier;
import io.clickpulse.udf.enrich.UtmTaxonomy;
import io.clickpulse.udf.event.ClickEvent;
import java.util.List;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IdentifyVisitorsTest {
  static final String SECRET = "identify-test-secret-01";
  static final String UA = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15";

  /** The visitor id enrichment gives a click from {@code ip} with {@link #UA}. */
  static long clickVisitor(String ip) {
    ClickEvent click = new ClickEvent();
    click.eventId = "c-1";
    click.eventTime = 1_796_504_400_000L;
    click.linkId = "lnk_1";
    click.ip = ip;
    click.userAgent = UA;
    EnrichedClick e =
        new ClickEnricher(UtmTaxonomy.bundled(), new UserAgentClassifier(10), SECRET).enrich(click);
    return e.visitorId;
  }

  @ParameterizedTest(name = "click from {0}, conversion from {1}")
  @CsvSource({
    "203.0.113.54, 203.0.113.54",
    // One address, two spellings: the same visitor.
    "2001:db8::7, 2001:0db8:0000:0000:0000:0000:0000:0007",
  })
  void aConversionGetsTheVisitorIdOfTheClickFromTheSameBrowser(String clickIp, String conversionIp)
      throws Exception {
    ConversionEvent e = new ConversionEvent();
    e.conversionId = "ord-1";
    e.visitorIp = conversionIp;
    e.visitorUserAgent = UA;
    ConversionEvent out = identify(e);
    assertEquals(clickVisitor(clickIp), out.visitorId);
    assertNull(out.visitorIp, "the address goes no further");
    assertNull(out.visitorUserAgent);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"198.51.100.1"})
  void anotherAddressIsAnotherVisitor(String ip) throws Exception {
    ConversionEvent e = new ConversionEvent();
    e.conversionId = "ord-2";
    e.visitorIp = ip;
    e.visitorUserAgent = UA;
    assertNotEquals(clickVisitor("203.0.113.54"), identify(e).visitorId);
  }

  private static ConversionEvent identify(ConversionEvent e) throws Exception {
    try (OneInputStreamOperatorTestHarness<ConversionEvent, ConversionEvent> h =
        new OneInputStreamOperatorTestHarness<>(
            new ProcessOperator<>(new IdentifyVisitors(Secret.inline(SECRET))))) {
      h.open();
      h.processElement(new StreamRecord<>(e, 0L));
      List<ConversionEvent> out = h.extractOutputValues();
      assertEquals(1, out.size());
      return out.get(0);
    }
  }
}
