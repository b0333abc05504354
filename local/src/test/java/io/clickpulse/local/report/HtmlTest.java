package io.clickpulse.local.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HtmlTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "<script>alert(1)</script> | &lt;script&gt;alert(1)&lt;/script&gt;",
        "a & b                     | a &amp; b",
        "x\" onmouseover=\"y       | x&quot; onmouseover=&quot;y",
        "it's                      | it&#39;s",
        "plain                     | plain",
      })
  void escapesTextForContentAndAttributes(String text, String escaped) {
    assertEquals(escaped, Html.escape(text));
  }

  @ParameterizedTest(name = "{0} ms -> {1}")
  @CsvSource({"42000, 42.0 s", "1250, 1.3 s", "0, 0.0 s"})
  void secondsWithOneDecimal(long millis, String shown) {
    assertEquals(shown, Html.seconds(Duration.ofMillis(millis)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "</script><script>x()</script> | \\u003c/script>\\u003cscript>x()\\u003c/script>",
        "<!-- a                        | \\u003c!-- a",
      })
  void embeddedJsonCannotCloseItsScriptElement(String value, String embedded) {
    ObjectNode data = JsonRows.MAPPER.createObjectNode().put("v", value);
    assertEquals("{\"v\":\"" + embedded + "\"}", HtmlReport.scriptSafeJson(data));
  }
}
