package io.clickpulse.local.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Queries on the HTML that Chromium's {@code --dump-dom} prints. That serialization is regular:
 * attribute values always in double quotes with {@code & < > "} escaped, so start tags can be found
 * with a pattern. Script bodies are blanked first, so code that mentions markup is not taken for
 * elements.
 */
public final class RenderedDom {
  private static final Pattern SCRIPT_BODY =
      Pattern.compile("(<script\\b[^>]*>).*?(</script>)", Pattern.DOTALL);
  private static final Pattern START_TAG =
      Pattern.compile("<([a-zA-Z][a-zA-Z0-9-]*)((?:\\s+[^\\s=>/]+(?:=\"[^\"]*\")?)*)\\s*/?>");
  private static final Pattern ATTRIBUTE = Pattern.compile("([^\\s=>/]+)(?:=\"([^\"]*)\")?");
  private static final Pattern TAG = Pattern.compile("<[^>]*>");

  /** One element: its tag, attributes (unescaped) and where its start tag ends. */
  public record Element(String tag, Map<String, String> attributes, int contentStart) {
    public String attr(String name) {
      return attributes.get(name);
    }

    public long longAttr(String name) {
      return Long.parseLong(attributes.get(name));
    }

    boolean hasClass(String name) {
      String classes = attributes.get("class");
      return classes != null && Arrays.asList(classes.split("\\s+")).contains(name);
    }
  }

  private final String html;
  private final List<Element> elements = new ArrayList<>();

  public RenderedDom(String dumped) {
    this.html = SCRIPT_BODY.matcher(dumped).replaceAll("$1$2");
    Matcher tag = START_TAG.matcher(html);
    while (tag.find()) {
      Map<String, String> attributes = new LinkedHashMap<>();
      Matcher attribute = ATTRIBUTE.matcher(tag.group(2));
      while (attribute.find()) {
        attributes.put(
            attribute.group(1), attribute.group(2) == null ? "" : unescape(attribute.group(2)));
      }
      elements.add(new Element(tag.group(1).toLowerCase(), attributes, tag.end()));
    }
  }

  /** Elements with this tag (any tag if null) and class (any if null), in document order. */
  public List<Element> select(String tag, String className) {
    return elements.stream()
        .filter(e -> tag == null || e.tag().equals(tag))
        .filter(e -> className == null || e.hasClass(className))
        .toList();
  }

  /** The one element with this id. */
  public Element byId(String id) {
    List<Element> found =
        elements.stream().filter(e -> id.equals(e.attributes().get("id"))).toList();
    assertEquals(1, found.size(), "elements with id " + id);
    return found.get(0);
  }

  /** Elements with this tag and class that lie inside {@code outer}. */
  List<Element> within(Element outer, String tag, String className) {
    int end = contentEnd(outer);
    return select(tag, className).stream()
        .filter(e -> e.contentStart() > outer.contentStart() && e.contentStart() <= end)
        .toList();
  }

  /** The text inside an element: tags as single spaces, entities decoded, trimmed. */
  public String text(Element element) {
    String content = html.substring(element.contentStart(), contentEnd(element));
    return unescape(TAG.matcher(content).replaceAll(" ").replaceAll(" {2,}", " ").strip());
  }

  /** The serialized HTML, script bodies blanked. */
  String html() {
    return html;
  }

  private int contentEnd(Element element) {
    Pattern sameTag =
        Pattern.compile(
            "<(/?)" + Pattern.quote(element.tag()) + "\\b[^>]*>", Pattern.CASE_INSENSITIVE);
    Matcher m = sameTag.matcher(html);
    int depth = 1;
    int from = element.contentStart();
    while (m.find(from)) {
      depth += m.group(1).isEmpty() ? (m.group().endsWith("/>") ? 0 : 1) : -1;
      if (depth == 0) {
        return m.start();
      }
      from = m.end();
    }
    throw new IllegalStateException("No end tag for " + element);
  }

  private static String unescape(String text) {
    return text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", "\u00a0")
        .replace("&amp;", "&");
  }
}
