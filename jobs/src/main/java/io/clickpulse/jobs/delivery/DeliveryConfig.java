package io.clickpulse.jobs.delivery;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.clickpulse.jobs.alert.Alert;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.flink.util.TimeUtils;

/**
 * Where alerts go and how: destinations (Slack incoming webhooks, signed generic webhooks), routes,
 * grouping, retries and outbound limits, from one YAML file (see {@code docs/delivery.md}).
 *
 * <p>The file names secrets, it never holds them: a destination's URL and signing secrets come from
 * an environment variable ({@code url-env}, {@code secrets-env}) or a file ({@code url-file},
 * {@code secrets-file}). Only non-secret URLs (local receivers) may be written inline ({@code
 * url}). All of it is checked at start; messages name the destination and setting, never the value.
 */
public final class DeliveryConfig implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** One receiver. */
  public static class Destination implements Serializable {
    /** {@code slack}, {@code webhook} or {@code email}. */
    public String type;

    public String url;
    public String urlEnv;
    public String urlFile;
    public String secretsEnv;
    public String secretsFile;

    /** Slack allows about one message per second per incoming webhook. */
    public double maxPerSecond = 1;

    /** Whether the daily digest goes here. */
    public boolean digest = true;

    // Email (type: email): the SMTP server, TLS, sender, recipients and credentials.
    public String host;
    public Integer port;
    public String tls;
    public String from;
    public List<String> to;
    public String usernameEnv;
    public String usernameFile;
    public String passwordEnv;
    public String passwordFile;

    /** PEM certificates trusted for this server instead of the JVM's CAs: a private CA. */
    public String trustStoreFile;

    // Tickets (type: ticket, checked by TicketSettings): github or jira, token, what opens one.
    public String api;
    public String tokenEnv;
    public String tokenFile;
    public String project;
    public List<String> labels;
    public List<String> rules;
    public String closeTransition;
  }

  /** Alerts matching every listed criterion (an empty list matches all) go to {@code to}. */
  public static class Route implements Serializable {
    public Map<String, List<String>> match = new LinkedHashMap<>();
    public List<String> to = new ArrayList<>();

    /** Per-route grouping; unset keys take the file's {@code grouping} values. */
    public List<String> groupBy;

    public String groupWait;
    public String groupInterval;
    public String repeatInterval;

    /** When this route's destinations get the digest (docs/delivery.md); none if unset. */
    public DigestSchedule.Spec digest;
  }

  /** Alertmanager-style grouping: the defaults of every route, and the bounds. */
  public static class Grouping implements Serializable {
    /** Alert labels that make a group; {@code ['...']}: all of them (one group per fingerprint). */
    public List<String> groupBy = List.of(GroupPolicy.ALL_LABELS);

    public String groupWait = "30 s";
    public String groupInterval = "5 min";
    public String repeatInterval = "4 h";

    /** Alerts a group keeps and lists; more are only counted ("and 57 more"). */
    public int maxAlerts = 20;

    /** Active groups per owner and destination; more alerts fold into one overflow group. */
    public int maxGroupsPerOwner = 50;
  }

  /** Retries after a failed attempt. */
  public static class Retry implements Serializable {
    public List<String> delays = List.of("2 s", "10 s", "1 min", "5 min", "15 min");
    public double jitter = 0.2;

    /** The longest Retry-After honoured; a receiver asking for more has it dead-lettered. */
    public String maxWait = "1 h";
  }

  /** Outbound connections. */
  public static class Outbound implements Serializable {
    /** Hosts allowed over plain http and on internal addresses: local receivers only. */
    public List<String> allowedHosts = new ArrayList<>();

    public String connectTimeout = "3 s";
    public String readTimeout = "10 s";
  }

  /** The file's shape. */
  public static class File implements Serializable {
    public Map<String, Destination> destinations = new LinkedHashMap<>();
    public List<Route> routes = new ArrayList<>();
    public Grouping grouping = new Grouping();
    public Retry retry = new Retry();
    public Outbound outbound = new Outbound();

    /**
     * Per rule (or {@code default}): an alert its producer has not resolved counts as resolved this
     * long after it last fired, like Alertmanager's resolve_timeout.
     */
    public Map<String, String> resolveTimeout = new LinkedHashMap<>();

    /** Topics of JSON items posted in signed batches (issue #18): the click feed, CRM signals. */
    public List<FeedSettings> feeds = new ArrayList<>();
  }

  /** A destination with its secrets resolved: lives only in the task that sends. */
  public record ResolvedDestination(
      String name,
      String type,
      String url,
      List<String> secrets,
      double maxPerSecond,
      EmailSettings email) {
    public ResolvedDestination(
        String name, String type, String url, List<String> secrets, double maxPerSecond) {
      this(name, type, url, secrets, maxPerSecond, null);
    }

    @Override
    public String toString() {
      return "Destination{" + name + ", " + type + "}";
    }
  }

  /** The destination type that opens tickets (its own stage: TicketStage), not routed. */
  static final String TICKET = "ticket";

  private static final Set<String> MATCH_KEYS =
      Set.of("rule", "severity", "campaign", "owner", "status");

  private final File file;

  private DeliveryConfig(File file) {
    this.file = file;
  }

  public static DeliveryConfig load(Path path, Function<String, String> env) {
    try (InputStream in = Files.newInputStream(path)) {
      return parse(in, path.toString(), env);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Cannot read delivery config " + path + ": " + e.getMessage(), e);
    }
  }

  /** Parses and validates, resolving every secret once to check it. */
  public static DeliveryConfig parse(InputStream in, String name, Function<String, String> env) {
    File file;
    try {
      file = YAML.readValue(in, File.class);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Delivery config " + name + ": " + e.getMessage().lines().findFirst().orElse(""), e);
    }
    DeliveryConfig config = new DeliveryConfig(file == null ? new File() : file);
    List<String> problems = new ArrayList<>();
    config.validate(env, problems);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "Delivery config " + name + " is invalid:\n  - " + String.join("\n  - ", problems));
    }
    return config;
  }

  private void validate(Function<String, String> env, List<String> problems) {
    OutboundPolicy policy = outboundPolicy();
    file.destinations.forEach(
        (name, d) -> {
          try {
            if (TICKET.equals(d.type)) {
              TicketSettings.of(name, d, env, policy);
            } else {
              resolve(name, env, policy);
              TicketSettings.refuseTicketKeys(d);
            }
          } catch (IllegalArgumentException e) {
            problems.add("destinations." + name + ": " + e.getMessage());
          }
          if (d.maxPerSecond <= 0) {
            problems.add("destinations." + name + ".max-per-second must be positive");
          }
        });
    for (int i = 0; i < file.routes.size(); i++) {
      Route r = file.routes.get(i);
      for (String key : r.match.keySet()) {
        if (!MATCH_KEYS.contains(key)) {
          problems.add(
              "routes[" + i + "].match: unknown key '" + key + "' (known: " + MATCH_KEYS + ")");
        }
      }
      if (r.to.isEmpty()) {
        problems.add("routes[" + i + "].to names no destination");
      }
      for (String to : r.to) {
        if (!file.destinations.containsKey(to)) {
          problems.add("routes[" + i + "].to: unknown destination '" + to + "'");
        } else if (TICKET.equals(file.destinations.get(to).type)) {
          problems.add(
              "routes[" + i + "].to: '" + to + "' is a ticket destination: its rules: choose");
        }
      }
      String at = "routes[" + i + "].";
      GroupPolicy.checkLabels(at + "group-by", r.groupBy, problems);
      optionalDuration(at + "group-wait", r.groupWait, problems);
      optionalDuration(at + "group-interval", r.groupInterval, problems);
      optionalDuration(at + "repeat-interval", r.repeatInterval, problems);
      DigestSchedule.check(at + "digest", r.digest, problems);
    }
    GroupPolicy.checkLabels("grouping.group-by", file.grouping.groupBy, problems);
    if (file.grouping.groupBy == null) {
      problems.add("grouping.group-by must list alert labels, or ['...'] for all of them");
    }
    duration("grouping.group-wait", file.grouping.groupWait, problems);
    positiveDuration("grouping.group-interval", file.grouping.groupInterval, problems);
    positiveDuration("grouping.repeat-interval", file.grouping.repeatInterval, problems);
    for (int i = 0; i < file.routes.size(); i++) {
      Route r = file.routes.get(i);
      positiveDuration("routes[" + i + "].group-interval", r.groupInterval, problems);
      positiveDuration("routes[" + i + "].repeat-interval", r.repeatInterval, problems);
    }
    if (file.grouping.maxAlerts < 1) {
      problems.add("grouping.max-alerts must be at least 1, was " + file.grouping.maxAlerts);
    }
    if (file.grouping.maxGroupsPerOwner < 1) {
      problems.add(
          "grouping.max-groups-per-owner must be at least 1, was "
              + file.grouping.maxGroupsPerOwner);
    }
    file.resolveTimeout.forEach(
        (rule, value) -> {
          if (!rule.matches("[a-z][a-z0-9_]*")) {
            problems.add(
                "resolve-timeout: '" + rule + "' is not a rule name (or 'default') like bot_burst");
          }
          positiveDuration("resolve-timeout." + rule, value, problems);
        });
    file.retry.delays.forEach(d -> duration("retry.delays", d, problems));
    if (file.retry.jitter < 0 || file.retry.jitter > 1) {
      problems.add("retry.jitter must be between 0 and 1");
    }
    duration("retry.max-wait", file.retry.maxWait, problems);
    duration("outbound.connect-timeout", file.outbound.connectTimeout, problems);
    duration("outbound.read-timeout", file.outbound.readTimeout, problems);
    FeedSettings.check(file.feeds, file.destinations, problems);
  }

  private static void duration(String key, String value, List<String> problems) {
    try {
      if (TimeUtils.parseDuration(value).isNegative()) {
        problems.add(key + " must not be negative");
      }
    } catch (RuntimeException e) {
      problems.add(key + " is not a duration like '30 s': '" + value + "'");
    }
  }

  private static void optionalDuration(String key, String value, List<String> problems) {
    if (value != null) {
      duration(key, value, problems);
    }
  }

  /** Intervals and timeouts: zero would send (or expire) on every timer. */
  private static void positiveDuration(String key, String value, List<String> problems) {
    try {
      if (value != null
          && (TimeUtils.parseDuration(value).isNegative()
              || TimeUtils.parseDuration(value).isZero())) {
        problems.add(key + " must be positive, was '" + value + "'");
      }
    } catch (RuntimeException e) {
      // reported by duration()
      if (!problems.stream().anyMatch(p -> p.startsWith(key + " "))) {
        problems.add(key + " is not a duration like '30 s': '" + value + "'");
      }
    }
  }

  /** Reads a destination's URL and secrets from where the file says, and checks them. */
  public ResolvedDestination resolve(
      String name, Function<String, String> env, OutboundPolicy policy) {
    Destination d = file.destinations.get(name);
    if (d == null) {
      throw new IllegalArgumentException("unknown destination");
    }
    if ("email".equals(d.type)) {
      EmailSettings email = email(d, env, policy);
      List<String> secrets =
          email.password() == null ? List.of() : List.of(email.password()); // blanked in errors
      return new ResolvedDestination(name, d.type, email.display(), secrets, d.maxPerSecond, email);
    }
    if (!"slack".equals(d.type) && !"webhook".equals(d.type)) {
      throw new IllegalArgumentException("type must be slack, webhook or email, was " + d.type);
    }
    String url = secret(d.url, d.urlEnv, d.urlFile, "url", env);
    if (url == null) {
      throw new IllegalArgumentException("no URL: set one of url, url-env, url-file");
    }
    policy.check(url);
    List<String> secrets = List.of();
    if ("webhook".equals(d.type)) {
      String raw = secret(null, d.secretsEnv, d.secretsFile, "secrets", env);
      if (raw == null) {
        throw new IllegalArgumentException(
            "a webhook needs signing secrets: set secrets-env or secrets-file");
      }
      secrets = Arrays.stream(raw.trim().split("\\s+")).toList();
      secrets.forEach(WebhookSigner::decode);
    }
    return new ResolvedDestination(name, d.type, url, secrets, d.maxPerSecond);
  }

  /** An email destination's settings, checked: each problem names its key. */
  private static EmailSettings email(
      Destination d, Function<String, String> env, OutboundPolicy policy) {
    if (d.host == null || d.host.isBlank()) {
      throw new IllegalArgumentException("host is required for an email destination");
    }
    String host = d.host.strip();
    EmailSettings.Tls tls = EmailSettings.Tls.parse(d.tls);
    if (tls == null) {
      throw new IllegalArgumentException(
          "tls must be starttls, implicit or none, was '" + d.tls + "'");
    }
    if (tls == EmailSettings.Tls.NONE && !policy.allows(host)) {
      throw new IllegalArgumentException(
          "tls: none is only allowed for hosts in outbound.allowed-hosts, not " + host);
    }
    int port = d.port == null ? tls.defaultPort : d.port;
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be between 1 and 65535, was " + port);
    }
    policy.checkHost(host);
    var from = EmailSettings.address("from", d.from);
    if (d.to == null || d.to.isEmpty()) {
      throw new IllegalArgumentException("to must list at least one address");
    }
    List<jakarta.mail.internet.InternetAddress> to = new ArrayList<>();
    for (int i = 0; i < d.to.size(); i++) {
      to.add(EmailSettings.address("to[" + i + "]", d.to.get(i)));
    }
    String username = secret(null, d.usernameEnv, d.usernameFile, "username", env);
    String password = secret(null, d.passwordEnv, d.passwordFile, "password", env);
    if ((username == null) != (password == null)) {
      throw new IllegalArgumentException(
          "set both a username (username-env or username-file) and a password (password-env or"
              + " password-file), or neither");
    }
    if (d.trustStoreFile != null) {
      SmtpDelivery.trustedCertificates(d.trustStoreFile); // throws naming trust-store-file
    }
    return new EmailSettings(host, port, tls, from, to, username, password, d.trustStoreFile);
  }

  private static String secret(
      String inline, String envName, String fileName, String what, Function<String, String> env) {
    if (inline != null) {
      return inline;
    }
    if (envName != null) {
      String value = env.apply(envName);
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(
            "environment variable " + envName + " (" + what + ") is not set");
      }
      return value.strip();
    }
    if (fileName != null) {
      try {
        return Files.readString(Paths.get(fileName)).strip();
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read the " + what + " file " + fileName);
      }
    }
    return null;
  }

  /** The destinations an alert goes to, in file order, each once. */
  public List<String> route(Alert a) {
    List<String> to = new ArrayList<>();
    for (Route r : file.routes) {
      if (matches(r, a)) {
        r.to.stream().filter(d -> !to.contains(d)).forEach(to::add);
      }
    }
    return to;
  }

  /** The routes an alert takes: per destination, the first matching route that names it. */
  public List<Routed> routes(Alert a) {
    List<Routed> routed = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < file.routes.size(); i++) {
      Route r = file.routes.get(i);
      if (matches(r, a)) {
        for (String d : r.to) {
          if (!seen.contains(d)) {
            seen.add(d);
            routed.add(new Routed(d, i, a));
          }
        }
      }
    }
    return routed;
  }

  /** How route {@code index} groups: its own settings, else the file's {@code grouping}. */
  public GroupPolicy groupPolicy(int index) {
    Route r = index >= 0 && index < file.routes.size() ? file.routes.get(index) : new Route();
    Grouping g = file.grouping;
    return new GroupPolicy(
        r.groupBy != null ? r.groupBy : g.groupBy,
        TimeUtils.parseDuration(r.groupWait != null ? r.groupWait : g.groupWait).toMillis(),
        TimeUtils.parseDuration(r.groupInterval != null ? r.groupInterval : g.groupInterval)
            .toMillis(),
        TimeUtils.parseDuration(r.repeatInterval != null ? r.repeatInterval : g.repeatInterval)
            .toMillis());
  }

  public int maxAlertsPerGroup() {
    return file.grouping.maxAlerts;
  }

  public int maxGroupsPerOwner() {
    return file.grouping.maxGroupsPerOwner;
  }

  /**
   * How long after it last fired an alert counts as resolved: the file's {@code resolve-timeout}
   * for the rule, else its {@code default}, else per kind. Episode rules resolve themselves; they
   * get a long safety expiry. Event rules (bot patterns, missing UTM, QR regions) never resolve.
   */
  public Duration resolveTimeout(String rule) {
    String value = file.resolveTimeout.get(rule);
    if (value != null) {
      return TimeUtils.parseDuration(value);
    }
    Duration kind = eventRuleTimeout(rule);
    if (kind != null) {
      return kind;
    }
    value = file.resolveTimeout.get("default");
    return value != null ? TimeUtils.parseDuration(value) : Duration.ofHours(48);
  }

  /** Rules that fire on events and never send a resolution: bot patterns 1 h, the others 24 h. */
  static Duration eventRuleTimeout(String rule) {
    if (rule == null) {
      return null;
    }
    if (rule.startsWith("bot_")) {
      return Duration.ofHours(1);
    }
    if (rule.equals("missing_utm") || rule.startsWith("qr_")) {
      return Duration.ofHours(24);
    }
    return null;
  }

  private static boolean matches(Route r, Alert a) {
    for (Map.Entry<String, List<String>> m : r.match.entrySet()) {
      String value =
          switch (m.getKey()) {
            case "rule" -> a.rule;
            case "severity" -> a.severity;
            case "campaign" -> a.campaignId;
            case "owner" -> a.owner;
            default -> a.status;
          };
      if (!m.getValue().isEmpty() && !m.getValue().contains(value)) {
        return false;
      }
    }
    return true;
  }

  public OutboundPolicy outboundPolicy() {
    return new OutboundPolicy(Set.copyOf(file.outbound.allowedHosts));
  }

  public RetrySchedule retrySchedule() {
    return new RetrySchedule(
        file.retry.delays.stream().map(TimeUtils::parseDuration).toList(),
        file.retry.jitter,
        TimeUtils.parseDuration(file.retry.maxWait));
  }

  public Duration connectTimeout() {
    return TimeUtils.parseDuration(file.outbound.connectTimeout);
  }

  public Duration readTimeout() {
    return TimeUtils.parseDuration(file.outbound.readTimeout);
  }

  /** The routes' digest schedules by route key ({@code route-0}, ...), in file order. */
  public Map<String, DigestSchedule> digestSchedules() {
    return DigestSchedule.of(file.routes, file.destinations);
  }

  /** The {@code feeds} section, checked at load. */
  public List<FeedSettings> feeds() {
    return file.feeds;
  }

  /** Destinations that want the daily digest. */
  public List<String> digestDestinations() {
    return file.destinations.entrySet().stream()
        .filter(e -> e.getValue().digest && !TICKET.equals(e.getValue().type))
        .map(Map.Entry::getKey)
        .toList();
  }

  /**
   * The ticket destinations as a task sees them: each with its rules, and its settings (token read)
   * or the problem that makes it unusable there (a missing variable: its requests dead-letter).
   */
  public List<TicketSettings.InTask> tickets(Function<String, String> env) {
    List<TicketSettings.InTask> tickets = new ArrayList<>();
    file.destinations.forEach(
        (name, d) -> {
          if (TICKET.equals(d.type)) {
            tickets.add(TicketSettings.inTask(name, d, env, outboundPolicy()));
          }
        });
    return tickets;
  }

  public boolean hasTickets() {
    return file.destinations.values().stream().anyMatch(d -> TICKET.equals(d.type));
  }
}
