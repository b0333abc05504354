package io.clickpulse.stack.traffic;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates simple click events as JSON (24 links, new visitors, the event times the caller gives),
 * with a planted share of exact duplicates, conflicting repeats (same event_id, different content)
 * and malformed records, and says what the pipeline must make of each. Deterministic for a seed.
 * For realistic traffic (a day's curve, Zipf-popular links, late events, ...) use {@link
 * RealisticTraffic}.
 */
public final class ClickTrafficGenerator {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * @param seed random seed
   * @param duplicateRate share of records that repeat an earlier event exactly
   * @param conflictRate share of records that reuse an earlier event_id with other content
   * @param malformedRate share of records that must be rejected by validation
   */
  public record Options(
      long seed, double duplicateRate, double conflictRate, double malformedRate) {
    public static final Options CLEAN = new Options(42, 0, 0, 0);
  }

  private final Options options;
  private final Random random;
  private final List<GeneratedRecord> validEvents = new ArrayList<>();
  private long nextId;

  public ClickTrafficGenerator(Options options) {
    this.options = options;
    this.random = new Random(options.seed());
  }

  /** The next record, with event time {@code eventTimeMillis}. */
  public GeneratedRecord next(long eventTimeMillis) {
    double roll = random.nextDouble();
    if (roll < options.malformedRate()) {
      return malformed(eventTimeMillis);
    }
    roll -= options.malformedRate();
    if (!validEvents.isEmpty() && roll < options.duplicateRate()) {
      return validEvents.get(random.nextInt(validEvents.size())).asDuplicate(eventTimeMillis);
    }
    roll -= options.duplicateRate();
    if (!validEvents.isEmpty() && roll < options.conflictRate()) {
      return conflict(validEvents.get(random.nextInt(validEvents.size())), eventTimeMillis);
    }
    return valid(validEvent(eventTimeMillis));
  }

  private GeneratedRecord valid(ObjectNode event) {
    GeneratedRecord record = record(event, bytes(event), GeneratedRecord.Kind.VALID, null);
    validEvents.add(record);
    return record;
  }

  /** A record of {@code event}, with the event time and link it carries (if it does). */
  private static GeneratedRecord record(
      ObjectNode event, byte[] value, GeneratedRecord.Kind kind, String reason) {
    long time = event.path("event_time").asLong(GeneratedRecord.UNKNOWN_TIME);
    return new GeneratedRecord(
        event.get("event_id").asText(),
        value,
        kind,
        reason,
        time,
        time,
        time,
        0,
        event.path("link_id").asText(null),
        event.path("is_test").asBoolean(),
        null,
        false,
        false,
        false);
  }

  private ObjectNode validEvent(long eventTime) {
    Catalog.Campaign campaign = pick(Catalog.CAMPAIGNS);
    int linkNumber = random.nextInt(Catalog.LINKS_PER_CAMPAIGN);
    String linkId = Catalog.linkId(campaign.id(), linkNumber);
    boolean bot = random.nextDouble() < 0.15;
    ObjectNode e = JSON.createObjectNode();
    e.put("event_id", "evt-" + options.seed() + "-" + nextId++);
    e.put("event_time", eventTime);
    e.put("link_id", linkId);
    e.put("short_url", "https://cpl.sh/" + linkId);
    e.put("destination_url", "https://shop.example/" + campaign.id() + "/" + linkNumber);
    e.put("utm_source", pick(campaign.sources()));
    e.put("utm_medium", pick(campaign.mediums()));
    e.put("utm_campaign", campaign.name());
    if (random.nextBoolean()) {
      e.put("utm_content", "variant-" + (char) ('a' + random.nextInt(3)));
    }
    e.put("campaign_id", campaign.id());
    e.put("campaign_owner", campaign.owner());
    e.put("channel", campaign.channel());
    e.put("referrer", pick(Catalog.REFERRERS));
    e.put("user_agent", bot ? pick(Catalog.BOT_AGENTS) : pick(Catalog.HUMAN_AGENTS));
    e.put("ip", random.nextInt(10) == 0 ? ipv6() : ipv4());
    e.put("http_method", bot && random.nextInt(4) == 0 ? "HEAD" : "GET");
    e.put("redirect_status", random.nextInt(100) == 0 ? 502 : 302);
    e.put("country", pick(Catalog.COUNTRIES));
    e.put("is_test", random.nextInt(200) == 0);
    e.putObject("custom").put("ab_group", random.nextBoolean() ? "A" : "B");
    return e;
  }

  private GeneratedRecord conflict(GeneratedRecord original, long arrivalTime) {
    try {
      ObjectNode changed = (ObjectNode) JSON.readTree(original.value());
      changed.put(
          "destination_url", changed.get("destination_url").asText() + "?changed=" + nextId++);
      return original.asConflict(bytes(changed), arrivalTime);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A record with one defect, and the reason code validation must give it. */
  private GeneratedRecord malformed(long eventTime) {
    ObjectNode e = validEvent(eventTime);
    Defect defect = Defect.values()[random.nextInt(Defect.values().length)];
    byte[] value =
        switch (defect) {
          case TRUNCATED -> {
            String json = e.toString();
            yield json.substring(0, json.length() / 2).getBytes(StandardCharsets.UTF_8);
          }
          case NOT_JSON -> Defect.NOT_JSON_TEXT.getBytes(StandardCharsets.UTF_8);
          case MISSING_LINK_ID -> bytes(e.without("link_id"));
          case TIME_AS_TEXT -> bytes(e.put("event_time", Defect.TIME_TEXT));
          case BROKEN_URL -> bytes(e.put("destination_url", Defect.BROKEN_URL_TEXT));
          case ANCIENT -> bytes(e.put("event_time", eventTime - Defect.ANCIENT_AGE));
          case BAD_IP -> bytes(e.put("ip", Defect.BAD_IP_TEXT));
          case OVERSIZED -> bytes(e.put("user_agent", "x".repeat(Defect.OVERSIZED_LENGTH)));
        };
    return record(e, value, GeneratedRecord.Kind.MALFORMED, defect.reason);
  }

  private String ipv4() {
    int subnet = random.nextInt(200);
    return "198.51." + subnet + "." + (1 + random.nextInt(254));
  }

  private String ipv6() {
    return String.format(
        "2001:db8:%x:%x::%x", random.nextInt(16), random.nextInt(65536), 1 + random.nextInt(65535));
  }

  private <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  private static byte[] bytes(ObjectNode node) {
    return node.toString().getBytes(StandardCharsets.UTF_8);
  }
}
