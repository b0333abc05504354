package io.clickpulse.jobs.delivery;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A {@code type: ticket} destination, checked: which ticketing API, where, with which credentials,
 * and which alert rules open tickets (docs/delivery.md, "Tickets"). Plain Java.
 *
 * <p>The token is read from the environment or a file, never from the delivery file, and {@link
 * #toString()} and every message leave it out.
 */
public record TicketSettings(
    String name,
    Api api,
    String url,
    String token,
    String project,
    List<String> labels,
    List<String> rules,
    String closeTransition)
    implements Serializable {

  /** The ticketing APIs with a template ({@link TicketTemplate}). */
  public enum Api {
    GITHUB,
    JIRA
  }

  /** What a ticket destination takes without {@code rules}: broken redirects and link lifecycle. */
  public static final List<String> DEFAULT_RULES = List.of("broken_redirect", "link_*");

  /** Every ticket carries these without {@code labels}; the GitHub search filters on them. */
  public static final List<String> DEFAULT_LABELS = List.of("clickpulse");

  /**
   * Checks a destination's ticket keys and reads its token. Each problem names the key.
   *
   * @throws IllegalArgumentException listing every problem, without the token
   */
  public static TicketSettings of(
      String name,
      DeliveryConfig.Destination d,
      Function<String, String> env,
      OutboundPolicy policy) {
    return of(name, d, env, policy, true);
  }

  /**
   * @param resolve whether to resolve the host now (at start); a task does not, so that a DNS
   *     hiccup at its start is a failed request (retried), never a failing task
   */
  static TicketSettings of(
      String name,
      DeliveryConfig.Destination d,
      Function<String, String> env,
      OutboundPolicy policy,
      boolean resolve) {
    List<String> problems = new ArrayList<>();
    Api api = null;
    if (d.api == null) {
      problems.add("api is required for a ticket destination: github or jira");
    } else if (d.api.equals("github")) {
      api = Api.GITHUB;
    } else if (d.api.equals("jira")) {
      api = Api.JIRA;
    } else {
      problems.add("api must be github or jira, was '" + d.api + "'");
    }
    String url = d.url == null ? null : d.url.strip().replaceAll("/+$", "");
    if (url == null || url.isEmpty()) {
      problems.add(
          "url is required: the API base, like https://api.github.com/repos/acme/links or"
              + " https://acme.atlassian.net");
    } else {
      try {
        if (resolve) {
          policy.check(url);
        } else {
          policy.checkUrl(url);
        }
      } catch (IllegalArgumentException e) {
        problems.add("url: " + e.getMessage());
      }
    }
    if (d.urlEnv != null || d.urlFile != null || d.secretsEnv != null || d.secretsFile != null) {
      problems.add("url-env, url-file and secrets-* are not ticket keys: set url and token-env");
    }
    String token = null;
    if ((d.tokenEnv == null) == (d.tokenFile == null)) {
      problems.add("set one of token-env or token-file (the API token)");
    } else if (d.tokenEnv != null) {
      token = env.apply(d.tokenEnv);
      if (token == null || token.isBlank()) {
        problems.add("token-env: environment variable " + d.tokenEnv + " is not set");
        token = null;
      }
    } else {
      try {
        token = Files.readString(Paths.get(d.tokenFile));
        if (token.isBlank()) {
          problems.add("token-file: the file " + d.tokenFile + " is empty");
          token = null;
        }
      } catch (IOException | RuntimeException e) {
        problems.add("token-file: cannot read the file " + d.tokenFile);
      }
    }
    if (token != null && token.strip().chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
      problems.add(
          "the token ("
              + (d.tokenEnv != null ? "token-env" : "token-file")
              + ")"
              + " contains spaces or control characters");
    }
    if (api == Api.JIRA) {
      if (d.project == null || !d.project.matches("[A-Z][A-Z0-9_]{0,254}")) {
        problems.add(
            "project is required for api: jira: the project key, like OPS, was '"
                + d.project
                + "'");
      }
      if (d.closeTransition == null || !d.closeTransition.matches("[0-9]{1,9}")) {
        problems.add(
            "close-transition is required for api: jira: the id of the workflow transition that"
                + " closes an issue (GET /rest/api/2/issue/{key}/transitions lists them), was '"
                + d.closeTransition
                + "'");
      }
    } else if (api == Api.GITHUB) {
      if (d.project != null) {
        problems.add("project is for api: jira; a GitHub url names the repository");
      }
      if (d.closeTransition != null) {
        problems.add("close-transition is for api: jira");
      }
    }
    List<String> labels = d.labels == null ? DEFAULT_LABELS : List.copyOf(d.labels);
    if (labels.isEmpty()) {
      problems.add("labels must list at least one label (tickets are searched by them)");
    }
    for (int i = 0; i < labels.size(); i++) {
      String label = labels.get(i);
      if (label == null || !label.matches("[A-Za-z0-9][A-Za-z0-9_.:-]{0,49}")) {
        problems.add(
            "labels["
                + i
                + "]: '"
                + label
                + "' is not a label (letters, digits, '_', '.', ':', '-'; no spaces; at most 50)");
      }
    }
    List<String> rules = d.rules == null ? DEFAULT_RULES : List.copyOf(d.rules);
    if (rules.isEmpty()) {
      problems.add("rules must list at least one alert rule (default: " + DEFAULT_RULES + ")");
    }
    for (int i = 0; i < rules.size(); i++) {
      String rule = rules.get(i);
      if (rule == null || !rule.matches("[a-z][a-z0-9_]*\\*?")) {
        problems.add(
            "rules["
                + i
                + "]: '"
                + rule
                + "' is not a rule name like broken_redirect, or a prefix like link_*");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return new TicketSettings(
        name, api, url, token.strip(), d.project, labels, rules, d.closeTransition);
  }

  /** A ticket destination as a task sees it: settings, or why it cannot be used. */
  public record InTask(String name, List<String> rules, TicketSettings settings, String problem)
      implements Serializable {}

  static InTask inTask(
      String name, DeliveryConfig.Destination d, Function<String, String> env, OutboundPolicy p) {
    List<String> rules = d.rules == null ? DEFAULT_RULES : List.copyOf(d.rules);
    try {
      return new InTask(name, rules, of(name, d, env, p, false), null);
    } catch (IllegalArgumentException e) {
      return new InTask(name, rules, null, e.getMessage());
    }
  }

  /** A ticket key on another type of destination is a mistake (a wrong type), not ignored. */
  static void refuseTicketKeys(DeliveryConfig.Destination d) {
    if (d.api != null
        || d.tokenEnv != null
        || d.tokenFile != null
        || d.project != null
        || d.labels != null
        || d.rules != null
        || d.closeTransition != null) {
      throw new IllegalArgumentException(
          "api, token-env, token-file, project, labels, rules and close-transition are for"
              + " type: ticket, not "
              + d.type);
    }
  }

  /** Whether alerts of {@code rule} open tickets here: a name, or a prefix ending in {@code *}. */
  public boolean takes(String rule) {
    return takes(rules, rule);
  }

  static boolean takes(List<String> rules, String rule) {
    if (rule == null) {
      return false;
    }
    for (String r : rules) {
      if (r.endsWith("*") ? rule.startsWith(r.substring(0, r.length() - 1)) : rule.equals(r)) {
        return true;
      }
    }
    return false;
  }

  /** {@code text} with the token blanked: for errors that may echo a request back. */
  public String blank(String text) {
    return text == null || token.isEmpty() ? text : text.replace(token, "<token>");
  }

  @Override
  public String toString() {
    return "TicketSettings{"
        + name
        + ", "
        + api
        + ", "
        + url
        + ", labels="
        + labels
        + ", rules="
        + rules
        + "}";
  }
}
