package io.clickpulse.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SQL file from this package's resources: {@code ${name}} placeholders filled in, split into
 * statements at a {@code ;} that ends a line, {@code --} comment lines dropped.
 */
final class SqlScript {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z_]+)}");

  private SqlScript() {}

  static List<String> statements(String resource, Map<String, String> values) {
    String text;
    try (InputStream in = SqlScript.class.getResourceAsStream(resource)) {
      text =
          new String(
              Objects.requireNonNull(in, "missing resource " + resource).readAllBytes(),
              StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder filled = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      if (value == null) {
        throw new IllegalArgumentException(resource + " needs a value for ${" + m.group(1) + "}");
      }
      m.appendReplacement(filled, Matcher.quoteReplacement(value));
    }
    m.appendTail(filled);

    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : filled.toString().split("\n")) {
      if (line.strip().startsWith("--")) {
        continue;
      }
      String trimmed = line.stripTrailing();
      if (trimmed.endsWith(";")) {
        current.append(trimmed, 0, trimmed.length() - 1);
        statements.add(current.toString().strip());
        current.setLength(0);
      } else {
        current.append(line).append('\n');
      }
    }
    if (!current.toString().isBlank()) {
      statements.add(current.toString().strip());
    }
    return statements;
  }
}
