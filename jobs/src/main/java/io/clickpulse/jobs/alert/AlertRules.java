package io.clickpulse.jobs.alert;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.clickpulse.udf.crm.CrmRules;
import io.clickpulse.udf.link.LinkRules;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.util.TimeUtils;

/**
 * All alert thresholds, windows, owners, priority links and per-campaign overrides, from one YAML
 * file ({@code rules.yaml}, bundled with the defaults documented in the README). Loading validates
 * everything and fails with every problem, each naming its key.
 */
public final class AlertRules implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final String BUNDLED = "rules.yaml";
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** Thresholds that a campaign may override. */
  public static class Thresholds implements Serializable {
    public Spike spike = new Spike();
    public Drop drop = new Drop();
    public BrokenRedirect brokenRedirect = new BrokenRedirect();
    public String owner;
    public Hourly hourly = new Hourly();
    public Milestones milestones = new Milestones();
  }

  /**
   * Human clicks per minute far above the subject's own baseline, for N minutes in a row. A minute
   * is a spike when the clicks of the latest minutes above the baseline (it and up to {@code
   * window-minutes - 1} before it) are improbable under the baseline (tail probability below {@code
   * level}, Poisson or, for overdispersed traffic, negative binomial), and at least {@code
   * min-increase} a minute and {@code min-ratio} times above it. The window lets a quiet link's few
   * extra clicks add up: at 1 click a minute, one minute of 5 says little, three say enough.
   */
  public static class Spike implements Serializable {
    public boolean enabled = true;

    /** Minutes in a row that are spikes before it fires: the window already adds minutes up. */
    public int consecutiveMinutes = 1;

    /** At most this probability of so many clicks under the baseline. */
    public double level = 1e-5;

    /** ... at least this many clicks a minute above the baseline, so noise on tiny links is not. */
    public double minIncrease = 3;

    /** ... and at least this multiple of the baseline. */
    public double minRatio = 2;

    /** The longest run of minutes whose clicks are added up (1: each minute alone). */
    public int windowMinutes = 3;

    /**
     * The shortest: 2 asks for two minutes of evidence, so a one-minute blip never alerts however
     * high (what consecutive-minutes 2 did for a per-minute rule).
     */
    public int minWindowMinutes = 2;

    /**
     * A new spike must be larger, as a ratio to the baseline, than the subject's own recent bursts
     * once it had two (see {@link Baseline#burstAt}): the largest window that passed the tail test
     * lately, its excess over the baseline halving every this long ("0 s": off). Bursty subjects
     * (real mentions, news-driven links) have bursts of several times their baseline many times a
     * day that no count model of the quiet minutes expects; one no larger than the day's earlier
     * ones is no news.
     */
    public String burstHalfLife = "24 h";

    /**
     * {@link #burstHalfLife} in minutes, parsed once (the judge asks every minute); transient and
     * flagged by a boolean, as deserialized rules (Flink ships them to each task) start unparsed.
     */
    private transient boolean burstHalfLifeParsed;

    private transient double burstHalfLifeMinutes;

    public double burstHalfLifeMinutes() {
      if (!burstHalfLifeParsed) {
        burstHalfLifeMinutes = parse(burstHalfLife).toMillis() / 60_000.0;
        burstHalfLifeParsed = true;
      }
      return burstHalfLifeMinutes;
    }
  }

  /**
   * Human clicks per minute far below the baseline of an active campaign link, for N minutes: the
   * lower tail likewise, over the latest minutes below the baseline.
   */
  public static class Drop implements Serializable {
    public boolean enabled = true;
    public int consecutiveMinutes = 1;

    /** At most this probability of so few clicks under the baseline. */
    public double level = 1e-5;

    /** At most this fraction of the baseline. */
    public double maxRatio = 0.3;

    /**
     * Only links that usually get at least this many clicks a minute. Below about 4 a minute, even
     * three silent minutes (probability e^(-3 x mean)) are not rare enough at the default level, so
     * the tail test alone keeps quieter links out; this floor makes that explicit and lets the
     * observer skip their silent minutes.
     */
    public double minBaseline = 4;

    /** The longest run of minutes whose clicks are added up. */
    public int windowMinutes = 3;

    /** The shortest: a one-minute gap (a deploy, a blip) never alerts. */
    public int minWindowMinutes = 2;
  }

  /** Clicks whose redirect failed (status >= 400 or unreachable) within one minute. */
  public static class BrokenRedirect implements Serializable {
    public boolean enabled = true;
    public int minErrors = 5;
    public double minErrorRate = 0.2;
  }

  /** Many clicks within seconds from one client (IP + user agent). */
  public static class Burst implements Serializable {
    public int clicks = 20;
    public String within = "10 s";
  }

  /** Many distinct links within a second or two from one client: the email-scanner signature. */
  public static class Scan implements Serializable {
    public int distinctLinks = 5;
    public String within = "2 s";
  }

  /** Clicks at near-constant intervals from one client. */
  public static class Metronome implements Serializable {
    public int clicks = 8;

    /** Standard deviation of the intervals divided by their mean. */
    public double maxIntervalVariation = 0.05;

    public String minInterval = "1 s";
    public String within = "30 min";
  }

  /** Client patterns. */
  public static class Bots implements Serializable {
    public boolean enabled = true;
    public Burst burst = new Burst();
    public Scan scan = new Scan();
    public Metronome metronome = new Metronome();

    /** After an alert about a client, further detections of the same rule are quiet this long. */
    public String cooldown = "1 h";

    /**
     * How long (event time) every click waits for the patterns' verdict before it is counted: the
     * clicks of a matched run that are this recent are marked as bots too, not only those after the
     * match. The burst window by default, so a whole burst leaves the human counts; it delays rows,
     * aggregates and alerts by as much. 0 s marks from the match on.
     */
    public String markDelay = "10 s";
  }

  /** Campaign links whose clicks lack required UTM fields: one alert per link per day. */
  public static class MissingUtm implements Serializable {
    public boolean enabled = true;
    public List<String> required = List.of("utm_source", "utm_medium", "utm_campaign");
    public int minClicks = 3;
  }

  /** QR scans from countries outside a campaign's expected regions. */
  public static class QrRegions implements Serializable {
    public boolean enabled = true;
    public int minClicks = 5;

    /** Campaign id to ISO country codes; campaigns not listed are not checked. */
    public Map<String, List<String>> expected = new HashMap<>();
  }

  /**
   * A link important enough for its own thresholds: an absolute spike threshold besides the
   * adaptive rule, spike and drop overrides (over the file's defaults; campaign overrides do not
   * apply to it), and an owner.
   */
  public static class PriorityLink implements Serializable {
    /** Any minute with at least this many human clicks is a spike minute (0: none). */
    public int spikeClicksPerMinute;

    public String owner;
    public JsonNode spike;
    public JsonNode drop;

    /**
     * Human clicks in one clock hour above which the link alerts; 0 = its campaign's link-clicks.
     */
    public int hourlyClicks;

    /** The link's own milestones; null = the default {@code milestones.clicks}. */
    public List<Long> milestones;
  }

  /**
   * Absolute thresholds: human clicks in one clock hour (UTC, event time) above N alert once per
   * subject and hour. 0 = off.
   */
  public static class Hourly implements Serializable {
    /** Per campaign (all its links together). */
    public int campaignClicks;

    /** Per link (in a campaign's overrides: that campaign's links). */
    public int linkClicks;
  }

  /** Cumulative human clicks of a campaign or priority link reaching each value: one alert each. */
  public static class Milestones implements Serializable {
    public List<Long> clicks = List.of();

    /** A subject without clicks this long starts counting anew (state TTL, processing time). */
    public String forgetAfter = "90 d";
  }

  /** Learning the baseline. */
  public static class BaselineSettings implements Serializable {
    /** The EWMA span in minutes: about the trailing hour. */
    public int spanMinutes = 60;

    /**
     * Minutes of history before a subject can alert. The first minutes are averaged plainly (not
     * weighted towards the first), so 20 minutes give a mean within about a quarter at 1 click a
     * minute.
     */
    public int warmupMinutes = 20;

    /** A subject without clicks for this long is no longer watched (no zero minutes emitted). */
    public String inactiveAfter = "2 h";
  }

  /**
   * The link lifecycle checks (docs/links.md): the {@link LinkRules} keys, and how long a bulk
   * import must be quiet before its one summary alert.
   */
  public static class Links implements Serializable {
    public List<String> shortenerDomains = LinkRules.KNOWN_SHORTENERS.stream().sorted().toList();
    public List<String> allowedDomains = List.of();
    public String expiryWarning = "24 h";
    public String runningWindow = "24 h";
    public Map<String, List<String>> requiredUtm =
        Map.of(LinkRules.DEFAULT_CHANNEL, List.of("utm_source", "utm_medium", "utm_campaign"));

    /** No new event of an import for this long (event time) ends it: its summary is sent. */
    public String importQuiet = "10 min";

    /** Clicks this long after a link's campaign ended are still normal; later ones alert. */
    public String campaignEndedGrace = "1 h";
  }

  /** The file's shape. */
  public static class File implements Serializable {
    public String dashboardUrlTemplate =
        "http://localhost:3000/d/clickpulse-link/link?var-link={link_id}&from={from}&to={to}";
    public BaselineSettings baseline = new BaselineSettings();
    public Spike spike = new Spike();
    public Drop drop = new Drop();
    public BrokenRedirect brokenRedirect = new BrokenRedirect();
    public Bots bots = new Bots();
    public MissingUtm missingUtm = new MissingUtm();
    public QrRegions qrRegions = new QrRegions();
    public Map<String, PriorityLink> priorityLinks = new HashMap<>();
    public Map<String, JsonNode> campaigns = new HashMap<>();
    public Hourly hourly = new Hourly();
    public Milestones milestones = new Milestones();
    public Links links = new Links();

    /** Qualified-click rules for CRM signals (docs/crm.md), parsed by {@link CrmRules}. */
    public JsonNode crm;

    /** The click feed's filter (issue #18), read by the link package's ClickFeedFilter. */
    public JsonNode feed;
  }

  private final File file;
  private final Thresholds defaults;
  private final Map<String, Thresholds> byCampaign;
  private final Map<String, Thresholds> byPriorityLink;

  private AlertRules(
      File file,
      Thresholds defaults,
      Map<String, Thresholds> byCampaign,
      Map<String, Thresholds> byPriorityLink) {
    this.file = file;
    this.defaults = defaults;
    this.byCampaign = byCampaign;
    this.byPriorityLink = byPriorityLink;
  }

  public static AlertRules bundled() {
    try (InputStream in = AlertRules.class.getResourceAsStream(BUNDLED)) {
      return parse(Objects.requireNonNull(in, BUNDLED + " missing"), BUNDLED);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static AlertRules load(Path path) {
    try (InputStream in = Files.newInputStream(path)) {
      return parse(in, path.toString());
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Cannot read alert rules " + path + ": " + e.getMessage(), e);
    }
  }

  static AlertRules parse(InputStream in, String name) {
    JsonNode root;
    File file;
    try {
      root = YAML.readTree(in);
      file = YAML.treeToValue(root == null ? YAML.createObjectNode() : root, File.class);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Alert rules " + name + ": " + firstLine(e.getMessage()), e);
    }
    List<String> problems = new ArrayList<>();
    Thresholds defaults = new Thresholds();
    defaults.spike = file.spike;
    defaults.drop = file.drop;
    defaults.brokenRedirect = file.brokenRedirect;
    defaults.hourly = file.hourly;
    defaults.milestones = file.milestones;
    validate("", defaults, problems);
    validateCounts("", defaults, problems);
    duration("milestones.forget-after", file.milestones.forgetAfter, problems);
    Map<String, Thresholds> byCampaign = new HashMap<>();
    for (Map.Entry<String, JsonNode> campaign : file.campaigns.entrySet()) {
      // A campaign inherits every default and overrides what it names.
      ObjectNode merged = YAML.valueToTree(defaults);
      try {
        Thresholds t = YAML.treeToValue(deepMerge(merged, campaign.getValue()), Thresholds.class);
        validate("campaigns." + campaign.getKey() + ".", t, problems);
        validateCounts("campaigns." + campaign.getKey() + ".", t, problems);
        check(
            Objects.equals(t.milestones.forgetAfter, defaults.milestones.forgetAfter),
            "campaigns." + campaign.getKey() + ": forget-after can only be set for all campaigns",
            problems);
        // Episodes count their minutes in a row with the defaults (Episode.minutes), so a
        // per-campaign value here would be silently ignored: refuse it instead.
        check(
            t.spike.consecutiveMinutes == defaults.spike.consecutiveMinutes
                && t.drop.consecutiveMinutes == defaults.drop.consecutiveMinutes,
            "campaigns."
                + campaign.getKey()
                + ": consecutive-minutes can only be set for all campaigns",
            problems);
        byCampaign.put(campaign.getKey(), t);
      } catch (IOException e) {
        problems.add("campaigns." + campaign.getKey() + ": " + firstLine(e.getMessage()));
      }
    }
    check(file.baseline.spanMinutes >= 2, "baseline.span-minutes must be at least 2", problems);
    check(
        file.baseline.warmupMinutes >= 0, "baseline.warmup-minutes must not be negative", problems);
    duration("baseline.inactive-after", file.baseline.inactiveAfter, problems);
    check(file.bots.burst.clicks >= 2, "bots.burst.clicks must be at least 2", problems);
    duration("bots.burst.within", file.bots.burst.within, problems);
    check(
        file.bots.scan.distinctLinks >= 2, "bots.scan.distinct-links must be at least 2", problems);
    duration("bots.scan.within", file.bots.scan.within, problems);
    check(file.bots.metronome.clicks >= 4, "bots.metronome.clicks must be at least 4", problems);
    check(
        file.bots.metronome.maxIntervalVariation > 0
            && file.bots.metronome.maxIntervalVariation < 1,
        "bots.metronome.max-interval-variation must be between 0 and 1",
        problems);
    duration("bots.metronome.min-interval", file.bots.metronome.minInterval, problems);
    duration("bots.metronome.within", file.bots.metronome.within, problems);
    duration("bots.cooldown", file.bots.cooldown, problems);
    try {
      check(
          !parse(file.bots.markDelay).isNegative(),
          "bots.mark-delay must not be negative",
          problems);
    } catch (RuntimeException e) {
      problems.add("bots.mark-delay is not a duration like '10 s': '" + file.bots.markDelay + "'");
    }
    check(file.missingUtm.minClicks >= 1, "missing-utm.min-clicks must be at least 1", problems);
    for (String field : file.missingUtm.required) {
      check(
          List.of("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content")
              .contains(field),
          "missing-utm.required: unknown field '" + field + "'",
          problems);
    }
    check(file.qrRegions.minClicks >= 1, "qr-regions.min-clicks must be at least 1", problems);
    file.qrRegions.expected.forEach(
        (campaign, countries) ->
            countries.forEach(
                country ->
                    check(
                        country.matches("[A-Z]{2}"),
                        "qr-regions.expected."
                            + campaign
                            + ": '"
                            + country
                            + "' is not an ISO country code like DE",
                        problems)));
    Map<String, Thresholds> byPriorityLink = new HashMap<>();
    for (Map.Entry<String, PriorityLink> link : file.priorityLinks.entrySet()) {
      String key = "priority-links." + link.getKey();
      PriorityLink p = link.getValue();
      check(
          p.spikeClicksPerMinute >= 0,
          key + ".spike-clicks-per-minute must not be negative (0: none)",
          problems);
      ObjectNode overrides = YAML.createObjectNode();
      if (p.spike != null) {
        overrides.set("spike", p.spike);
      }
      if (p.drop != null) {
        overrides.set("drop", p.drop);
      }
      try {
        Thresholds t =
            YAML.treeToValue(deepMerge(YAML.valueToTree(defaults), overrides), Thresholds.class);
        t.owner = null;
        validate(key + ".", t, problems);
        check(
            t.spike.consecutiveMinutes == defaults.spike.consecutiveMinutes
                && t.drop.consecutiveMinutes == defaults.drop.consecutiveMinutes,
            key + ": consecutive-minutes can only be set for all links",
            problems);
        byPriorityLink.put(link.getKey(), t);
      } catch (IOException e) {
        problems.add(key + ": " + firstLine(e.getMessage()));
      }
    }
    file.priorityLinks.forEach((link, p) -> validateCounts(link, p, problems));
    check(
        file.dashboardUrlTemplate.startsWith("http://")
            || file.dashboardUrlTemplate.startsWith("https://"),
        "dashboard-url-template must be an http(s) URL",
        problems);
    links(file.links, problems);
    CrmRules.parse(file.crm, problems);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "Alert rules " + name + " are invalid:\n  - " + String.join("\n  - ", problems));
    }
    return new AlertRules(file, defaults, byCampaign, byPriorityLink);
  }

  private static JsonNode deepMerge(ObjectNode base, JsonNode overrides) {
    overrides
        .fields()
        .forEachRemaining(
            e -> {
              JsonNode current = base.get(e.getKey());
              if (current instanceof ObjectNode object && e.getValue().isObject()) {
                deepMerge(object, e.getValue());
              } else {
                base.set(e.getKey(), e.getValue());
              }
            });
    return base;
  }

  private static void validate(String prefix, Thresholds t, List<String> problems) {
    check(
        t.spike.consecutiveMinutes >= 1,
        prefix + "spike.consecutive-minutes must be at least 1",
        problems);
    check(
        t.spike.level > 0 && t.spike.level < 0.5,
        prefix + "spike.level must be a probability between 0 and 0.5, like 1e-5",
        problems);
    check(t.spike.minIncrease >= 0, prefix + "spike.min-increase must not be negative", problems);
    check(t.spike.minRatio >= 1, prefix + "spike.min-ratio must be at least 1", problems);
    check(
        t.spike.windowMinutes >= 1 && t.spike.windowMinutes <= Baseline.MAX_WINDOW,
        prefix + "spike.window-minutes must be between 1 and " + Baseline.MAX_WINDOW,
        problems);
    check(
        t.spike.minWindowMinutes >= 1 && t.spike.minWindowMinutes <= t.spike.windowMinutes,
        prefix + "spike.min-window-minutes must be between 1 and spike.window-minutes",
        problems);
    try {
      check(
          !parse(t.spike.burstHalfLife).isNegative(),
          prefix + "spike.burst-half-life must not be negative",
          problems);
    } catch (RuntimeException e) {
      problems.add(
          prefix
              + "spike.burst-half-life is not a duration like '24 h': '"
              + t.spike.burstHalfLife
              + "'");
    }
    check(
        t.drop.consecutiveMinutes >= 1,
        prefix + "drop.consecutive-minutes must be at least 1",
        problems);
    check(
        t.drop.level > 0 && t.drop.level < 0.5,
        prefix + "drop.level must be a probability between 0 and 0.5, like 1e-5",
        problems);
    check(
        t.drop.maxRatio > 0 && t.drop.maxRatio < 1,
        prefix + "drop.max-ratio must be between 0 and 1",
        problems);
    check(t.drop.minBaseline >= 0, prefix + "drop.min-baseline must not be negative", problems);
    check(
        t.drop.windowMinutes >= 1 && t.drop.windowMinutes <= Baseline.MAX_WINDOW,
        prefix + "drop.window-minutes must be between 1 and " + Baseline.MAX_WINDOW,
        problems);
    check(
        t.drop.minWindowMinutes >= 1 && t.drop.minWindowMinutes <= t.drop.windowMinutes,
        prefix + "drop.min-window-minutes must be between 1 and drop.window-minutes",
        problems);
    check(
        t.brokenRedirect.minErrors >= 1,
        prefix + "broken-redirect.min-errors must be at least 1",
        problems);
    check(
        t.brokenRedirect.minErrorRate > 0 && t.brokenRedirect.minErrorRate <= 1,
        prefix + "broken-redirect.min-error-rate must be in (0, 1]",
        problems);
  }

  /** Hourly thresholds and milestone lists (defaults or a campaign's). */
  private static void validateCounts(String prefix, Thresholds t, List<String> problems) {
    check(
        t.hourly.campaignClicks >= 0,
        prefix + "hourly.campaign-clicks must not be negative (0 = off)",
        problems);
    check(
        t.hourly.linkClicks >= 0,
        prefix + "hourly.link-clicks must not be negative (0 = off)",
        problems);
    milestoneList(prefix + "milestones.clicks", t.milestones.clicks, problems);
  }

  private static void validateCounts(String link, PriorityLink p, List<String> problems) {
    String prefix = "priority-links." + link + ".";
    check(
        p.hourlyClicks >= 0,
        prefix + "hourly-clicks must not be negative (0 = the campaign's link-clicks)",
        problems);
    if (p.milestones != null) {
      milestoneList(prefix + "milestones", p.milestones, problems);
    }
  }

  /** Positive and strictly increasing, so each value is one alert and the list reads in order. */
  private static void milestoneList(String key, List<Long> values, List<String> problems) {
    if (values == null) {
      problems.add(key + " must be a list like [1000, 10000] (empty = none)");
      return;
    }
    for (int i = 0; i < values.size(); i++) {
      Long v = values.get(i);
      if (v == null || v < 1) {
        problems.add(key + " must hold positive numbers of clicks: " + values);
        return;
      }
      if (i > 0 && values.get(i - 1) != null && v <= values.get(i - 1)) {
        problems.add(key + " must be increasing: " + values);
        return;
      }
    }
  }

  private static void check(boolean ok, String problem, List<String> problems) {
    if (!ok) {
      problems.add(problem);
    }
  }

  /** The links section as {@link LinkRules} (which names the keys in its messages), or null. */
  private static LinkRules links(Links links, List<String> problems) {
    duration("links.import-quiet", links.importQuiet, problems);
    List<String> durations = new ArrayList<>();
    duration("links.expiry-warning", links.expiryWarning, durations);
    duration("links.running-window", links.runningWindow, durations);
    Duration grace = null;
    try {
      grace = TimeUtils.parseDuration(links.campaignEndedGrace);
    } catch (RuntimeException e) {
      durations.add(
          "links.campaign-ended-grace is not a duration like '1 h': '"
              + links.campaignEndedGrace
              + "'");
    }
    if (!durations.isEmpty()) {
      problems.addAll(durations);
      return null;
    }
    try {
      return new LinkRules(
          links.shortenerDomains == null ? null : new LinkedHashSet<>(links.shortenerDomains),
          links.allowedDomains == null ? null : new LinkedHashSet<>(links.allowedDomains),
          parse(links.expiryWarning),
          parse(links.runningWindow),
          links.requiredUtm,
          grace);
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
      return null;
    }
  }

  private static void duration(String key, String value, List<String> problems) {
    try {
      if (TimeUtils.parseDuration(value).isZero()) {
        problems.add(key + " must be positive");
      }
    } catch (RuntimeException e) {
      problems.add(key + " is not a duration like '10 s': '" + value + "'");
    }
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }

  /** The thresholds for a campaign (its overrides over the defaults). */
  public Thresholds thresholds(String campaignId) {
    return campaignId == null ? defaults : byCampaign.getOrDefault(campaignId, defaults);
  }

  /**
   * The thresholds for one subject's minutes: a priority link's own, else its campaign's (a
   * campaign subject's too), else the defaults.
   */
  public Thresholds thresholds(String subjectType, String linkId, String campaignId) {
    if (SubjectClick.LINK.equals(subjectType) && linkId != null) {
      Thresholds t = byPriorityLink.get(linkId);
      if (t != null) {
        return t;
      }
    }
    return thresholds(campaignId);
  }

  /** The priority settings of a link, or null. */
  public PriorityLink priority(String linkId) {
    return linkId == null ? null : file.priorityLinks.get(linkId);
  }

  /** Who hears about a subject: the priority link's owner, the campaign's, or the event's. */
  public String owner(String linkId, String campaignId, String eventOwner) {
    PriorityLink p = priority(linkId);
    if (p != null && p.owner != null) {
      return p.owner;
    }
    Thresholds t = thresholds(campaignId);
    return t.owner != null ? t.owner : eventOwner == null ? "" : eventOwner;
  }

  /**
   * The hourly threshold of a subject ({@link SubjectClick#LINK} or {@link SubjectClick#CAMPAIGN}),
   * 0 if it has none: a priority link's own, else its campaign's (or the default) link-clicks; a
   * campaign's campaign-clicks.
   */
  public int hourlyClicks(String subjectType, String subjectId, String campaignId) {
    String campaign = campaignId == null || campaignId.isEmpty() ? null : campaignId;
    if (SubjectClick.CAMPAIGN.equals(subjectType)) {
      return thresholds(subjectId).hourly.campaignClicks;
    }
    PriorityLink p = priority(subjectId);
    if (p != null && p.hourlyClicks > 0) {
      return p.hourlyClicks;
    }
    return thresholds(campaign).hourly.linkClicks;
  }

  /** Whether any subject can have an hourly threshold. */
  public boolean hourlyEnabled() {
    return defaults.hourly.campaignClicks > 0
        || defaults.hourly.linkClicks > 0
        || byCampaign.values().stream()
            .anyMatch(t -> t.hourly.campaignClicks > 0 || t.hourly.linkClicks > 0)
        || file.priorityLinks.values().stream().anyMatch(p -> p.hourlyClicks > 0);
  }

  /**
   * The milestones of a subject, increasing, empty if none: a campaign's list (its own or the
   * default); a priority link's own list or the default; other links have none.
   */
  public List<Long> milestones(String subjectType, String subjectId) {
    if (SubjectClick.CAMPAIGN.equals(subjectType)) {
      return thresholds(subjectId).milestones.clicks;
    }
    PriorityLink p = priority(subjectId);
    if (p == null) {
      return List.of();
    }
    return p.milestones != null ? p.milestones : defaults.milestones.clicks;
  }

  /** Whether any subject can have milestones. */
  public boolean milestonesEnabled() {
    return !defaults.milestones.clicks.isEmpty()
        || byCampaign.values().stream().anyMatch(t -> !t.milestones.clicks.isEmpty())
        || file.priorityLinks.values().stream()
            .anyMatch(p -> p.milestones != null && !p.milestones.isEmpty());
  }

  /** How long a subject's cumulative count outlives its last click. */
  public Duration milestonesForgetAfter() {
    return parse(file.milestones.forgetAfter);
  }

  public BaselineSettings baseline() {
    return file.baseline;
  }

  public Bots bots() {
    return file.bots;
  }

  public MissingUtm missingUtm() {
    return file.missingUtm;
  }

  public QrRegions qrRegions() {
    return file.qrRegions;
  }

  public String dashboardUrlTemplate() {
    return file.dashboardUrlTemplate;
  }

  /** The {@code links} section, validated when the file was loaded. */
  public LinkRules links() {
    return links(file.links, new ArrayList<>());
  }

  /** The {@code crm} section, validated when the file was loaded; none when absent. */
  public CrmRules crm() {
    return CrmRules.parse(file.crm);
  }

  /** The {@code feed} section as written, null when absent (see ClickFeedFilter). */
  public JsonNode feed() {
    return file.feed;
  }

  /** {@code links.import-quiet}: a bulk import without events this long is over. */
  public Duration linkImportQuiet() {
    return parse(file.links.importQuiet);
  }

  public static Duration parse(String duration) {
    return TimeUtils.parseDuration(duration);
  }
}
