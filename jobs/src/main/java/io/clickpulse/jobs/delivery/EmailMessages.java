package io.clickpulse.jobs.delivery;

import io.clickpulse.jobs.alert.Alert;
import io.clickpulse.jobs.alert.AlertContext;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The email of a notification or of the daily digest: a subject, a plain-text body and an HTML
 * body, from the same content as the Slack message and the webhook (the alert's facts, a group's
 * list). Every value in the HTML is escaped: a link id {@code <script>} arrives as text, and only
 * http(s) dashboard URLs become links. Plain Java.
 */
public final class EmailMessages {
  /** Alerts a group's email lists; more are counted ("…and 57 more"). */
  static final int ALERTS_MAX = 50;

  /** One email. */
  public record Email(String subject, String text, String html) {}

  private EmailMessages() {}

  /** A group of one alert reads as that alert's own email, as on Slack. */
  public static Email of(GroupNotice g) {
    if (g.alerts.size() == 1 && g.truncatedAlerts == 0) {
      return of(g.alerts.get(0));
    }
    String title = withoutIcon(GroupMessages.title(g));
    int listed = Math.min(g.alerts.size(), ALERTS_MAX);
    long more = g.truncatedAlerts + g.alerts.size() - listed;
    StringBuilder text = new StringBuilder(title).append("\n");
    StringBuilder html = new StringBuilder(head(title));
    String labels =
        g.labels.entrySet().stream()
            .filter(e -> !e.getValue().isEmpty())
            .map(e -> e.getKey() + ": " + e.getValue())
            .collect(Collectors.joining(", "));
    if (!labels.isEmpty()) {
      text.append(labels).append("\n");
      html.append("<p>").append(html(labels)).append("</p>\n");
    }
    html.append("<ul>\n");
    for (Alert a : g.alerts.subList(0, listed)) {
      text.append("\n- ").append(withoutIcon(Messages.title(a))).append("\n  ");
      text.append(line(a.reason)).append("\n  ").append(summary(a));
      if (safeUrl(a.dashboardUrl)) {
        text.append("\n  Dashboard: ").append(a.dashboardUrl);
      }
      text.append("\n");
      html.append("<li><strong>").append(html(withoutIcon(Messages.title(a)))).append("</strong>");
      html.append("<br>").append(html(a.reason)).append("<br>").append(html(summary(a)));
      dashboardLink(html, a.dashboardUrl);
      html.append("</li>\n");
    }
    html.append("</ul>\n");
    if (more > 0) {
      text.append("\n…and ").append(more).append(" more\n");
      html.append("<p>…and ").append(more).append(" more</p>\n");
    }
    // The group's title already says firing or resolved: "[ClickPulse] 3 alerts firing: rule
    // spike".
    return new Email(
        Messages.truncate(line("[ClickPulse] " + title), 200),
        text.toString(),
        html.append(TAIL).toString());
  }

  /** One alert: its title, reason, facts and evidence, and the dashboard. */
  public static Email of(Alert a) {
    String title = withoutIcon(Messages.title(a));
    StringBuilder text =
        new StringBuilder(title).append("\n\n").append(line(a.reason)).append("\n\n");
    StringBuilder html = new StringBuilder(head(title));
    html.append("<p>").append(html(a.reason)).append("</p>\n<table>\n");
    for (String[] fact : Messages.facts(a)) {
      String value = fact[1].isEmpty() ? "-" : fact[1];
      text.append(fact[0]).append(": ").append(value.replace("\n", "\n  ")).append("\n");
      html.append("<tr><th align=\"left\">")
          .append(html(fact[0]))
          .append("</th><td>")
          .append(html(value).replace("\n", "<br>"))
          .append("</td></tr>\n");
    }
    html.append("</table>\n");
    String evidence = evidence(a);
    if (!evidence.isEmpty()) {
      text.append("\n").append(evidence).append("\n");
      html.append("<p>").append(html(evidence).replace("\n", "<br>")).append("</p>\n");
    }
    if (safeUrl(a.dashboardUrl)) {
      text.append("\nDashboard: ").append(a.dashboardUrl).append("\n");
      dashboardLink(html, a.dashboardUrl);
    }
    String about = a.rule.replace('_', ' ') + " on " + a.subjectType + " " + a.subjectId;
    return new Email(subject(a.status, about), text.toString(), html.append(TAIL).toString());
  }

  /** A digest, its sections (Digest#sections). */
  public static Email of(Digest d) {
    String title = "ClickPulse daily digest for " + d.day();
    StringBuilder text = new StringBuilder(title).append("\n");
    StringBuilder html = new StringBuilder(head(title));
    d.sections().forEach((heading, lines) -> section(text, html, heading, lines));
    return new Email(
        "[ClickPulse] Daily digest for " + d.day(), text.toString(), html.append(TAIL).toString());
  }

  private static void section(
      StringBuilder text, StringBuilder html, String title, List<String> lines) {
    text.append("\n").append(title).append("\n");
    html.append("<h3>").append(html(title)).append("</h3>\n");
    if (lines.isEmpty()) {
      text.append("  none\n");
      html.append("<p>none</p>\n");
      return;
    }
    html.append("<ul>\n");
    for (String l : lines) {
      text.append("- ").append(line(l)).append("\n");
      html.append("<li>").append(html(l)).append("</li>\n");
    }
    html.append("</ul>\n");
  }

  /** "[ClickPulse] FIRING spike on link lnk-1": one line, no control characters. */
  static String subject(String status, String about) {
    String s =
        "[ClickPulse] " + (status == null ? "" : status.toUpperCase(Locale.ROOT)) + " " + about;
    return Messages.truncate(line(s), 200);
  }

  /**
   * A listed alert's facts on one line: those of its own email ({@link Messages#facts}), then its
   * referrers, countries and evidence, so a grouped alert is as actionable as a single one.
   */
  private static String summary(Alert a) {
    String facts =
        Messages.facts(a).stream()
            .filter(fact -> !fact[1].isEmpty())
            .map(fact -> fact[0] + ": " + fact[1])
            .collect(Collectors.joining(" · "));
    String evidence = evidence(a);
    return line(evidence.isEmpty() ? facts : facts + " · " + evidence.replace("\n", " · "));
  }

  /** Top referrers and countries, then the evidence the context does not already show. */
  private static String evidence(Alert a) {
    AlertContext c = a.context == null ? new AlertContext() : a.context;
    StringBuilder text = new StringBuilder();
    if (!c.topReferrers.isEmpty()) {
      text.append("Referrers: ").append(join(c.topReferrers)).append("\n");
    }
    if (!c.topCountries.isEmpty()) {
      text.append("Countries: ").append(join(c.topCountries)).append("\n");
    }
    for (Map.Entry<String, String> e : a.evidence.entrySet()) {
      boolean shown =
          ("top_referrers".equals(e.getKey()) && !c.topReferrers.isEmpty())
              || ("top_countries".equals(e.getKey()) && !c.topCountries.isEmpty());
      if (!shown) {
        text.append(line(e.getKey())).append(": ").append(line(e.getValue())).append("\n");
      }
    }
    return text.toString().strip();
  }

  private static String join(List<AlertContext.Count> counts) {
    return counts.stream().map(Object::toString).collect(Collectors.joining(", "));
  }

  private static void dashboardLink(StringBuilder html, String url) {
    if (safeUrl(url)) {
      html.append("<p><a href=\"").append(html(url)).append("\">Open dashboard</a></p>\n");
    }
  }

  /** Only plain http(s) URLs become links: no {@code javascript:}, no quotes or spaces. */
  private static boolean safeUrl(String url) {
    return url != null && url.matches("https?://[^\\s<>\"'`]+");
  }

  private static String head(String title) {
    return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>"
        + html(title)
        + "</title></head><body>\n<h2>"
        + html(title)
        + "</h2>\n";
  }

  private static final String TAIL = "</body></html>\n";

  /** HTML text and attribute escaping: user values never become markup. */
  static String html(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder s = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> s.append("&amp;");
        case '<' -> s.append("&lt;");
        case '>' -> s.append("&gt;");
        case '"' -> s.append("&quot;");
        case '\'' -> s.append("&#39;");
        default -> s.append(c);
      }
    }
    return s.toString();
  }

  /** Control characters (line breaks in a reason or an id) as spaces: one line of text. */
  static String line(String text) {
    return text == null ? "" : text.replaceAll("[\\p{Cntrl}\\u2028\\u2029]+", " ").strip();
  }

  private static String withoutIcon(String title) {
    int space = title.indexOf(' ');
    return space > 0 && !Character.isLetterOrDigit(title.codePointAt(0))
        ? title.substring(space + 1)
        : title;
  }
}
