package io.clickpulse.local.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/** The few numbers a reader wants before any chart: volume, bot share, alerts, incidents caught. */
final class KeyFigures {
  private KeyFigures() {}

  static String html(
      long humans,
      long bots,
      int sources,
      List<ObjectNode> alerts,
      List<IncidentOutcome> incidents) {
    long detected = incidents.stream().filter(IncidentOutcome::detected).count();
    return "<div class=\"figures\" id=\"key-figures\">"
        + figure("clicks", String.format(Locale.ROOT, "%,d", humans + bots))
        + figure("human clicks", percent(humans, humans + bots))
        + figure("sources", String.valueOf(sources))
        + figure("alerts", String.valueOf(alerts.size()))
        + (incidents.isEmpty()
            ? ""
            : figure("incidents detected", detected + " / " + incidents.size()))
        + "</div>";
  }

  /** The overall human and bot counts with their shares. */
  static String humansAndBots(long humans, long bots) {
    return String.format(
        Locale.ROOT,
        "<p class=\"headline\" id=\"human-bot-overall\" data-humans=\"%d\" data-bots=\"%d\">"
            + "<span class=\"swatch human\"></span>Humans: <strong>%,d</strong> (%s)"
            + " &nbsp; <span class=\"swatch bot\"></span>Bots: <strong>%,d</strong> (%s)</p>",
        humans,
        bots,
        humans,
        percent(humans, humans + bots),
        bots,
        percent(bots, humans + bots));
  }

  private static String figure(String label, String value) {
    return "<div class=\"figure\"><div class=\"value\">"
        + Html.escape(value)
        + "</div><div class=\"label\">"
        + Html.escape(label)
        + "</div></div>";
  }

  private static String percent(long part, long whole) {
    return whole == 0 ? "–" : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
  }
}
