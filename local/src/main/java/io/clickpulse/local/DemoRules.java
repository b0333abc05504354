package io.clickpulse.local;

import io.clickpulse.stack.traffic.PlantedContact;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The demo's rules file: the bundled alert rules (unchanged, so the demo's alerts are the
 * product's) plus a {@code crm:} rule for the planted qualified contact and a {@code feed:} section
 * selecting the same links for the click feed. Kept out of the bundled file, whose rules other
 * tests rely on.
 */
final class DemoRules {
  private DemoRules() {}

  /** The demo's CRM rule, and the delivery route its signals ask for. */
  static final String CRM_RULE = "pricing-interest";

  static final String CRM_ROUTE = "crm-demo";

  /** The bundled rules file, in the jobs jar. */
  private static final String BUNDLED = "/io/clickpulse/jobs/alert/rules.yaml";

  /**
   * The rule counts {@link PlantedContact#clicks()} clicks on links tagged {@code tag} within an
   * hour of event time: the contact's clicks lie minutes apart (docs/traffic.md).
   */
  static Path write(Path runDir) {
    String tag = PlantedContact.TAG;
    int clicks = PlantedContact.CLICKS;
    try (InputStream in = DemoRules.class.getResourceAsStream(BUNDLED)) {
      String bundled =
          new String(
              Objects.requireNonNull(in, BUNDLED + " missing").readAllBytes(),
              StandardCharsets.UTF_8);
      String demo =
          "\n# ./clickpulse run: the planted qualified contact (docs/traffic.md, docs/crm.md)\n"
              + "crm:\n"
              + "  "
              + CRM_RULE
              + ": { kind: tagged-clicks, tag: "
              + tag
              + ", clicks: "
              + clicks
              + ", within: \"1 h\", route: "
              + CRM_ROUTE
              + " }\n"
              + "# The click feed: the clicks on those links (absent, the feed takes high-priority"
              + " links)\n"
              + "feed:\n"
              + "  tags: ["
              + tag
              + "]\n";
      Path file = runDir.resolve("rules.yaml");
      Files.writeString(file, bundled + demo, StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the demo's rules file in " + runDir, e);
    }
  }
}
