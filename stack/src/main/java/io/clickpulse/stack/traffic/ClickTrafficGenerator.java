package io.clickpulse.stack.traffic;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Generates click events as JSON, with a planted share of exact duplicates, conflicting repeats
 * (same event_id, different content) and malformed records, and says what the pipeline must make of
 * each. Deterministic for a seed, except for event times, which follow {@code clock}.
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
    return next(eventTimeMillis, event -> {});
  }

  /**
   * The next record, with event time {@code eventTimeMillis}; {@code adjust} may change a new valid
   * event before it is sent (a scenario's broken destination, for example).
   */
  public GeneratedRecord next(long eventTimeMillis, Consumer<ObjectNode> adjust) {
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
    ObjectNode event = validEvent(eventTimeMillis);
    adjust.accept(event);
    return valid(event);
  }

  /**
   * A planted valid click on one link of a campaign from the catalog (or an extra link number of
   * it), shaped by {@code shape}: the clicks of a scenario's incidents.
   */
  public GeneratedRecord plant(
      long eventTimeMillis, String campaignId, int linkNumber, Consumer<ObjectNode> shape) {
    ObjectNode event = validEvent(eventTimeMillis, Catalog.campaign(campaignId), linkNumber);
    shape.accept(event);
    return valid(event);
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
    return validEvent(
        eventTime, pick(Catalog.CAMPAIGNS), random.nextInt(Catalog.LINKS_PER_CAMPAIGN));
  }

  private ObjectNode validEvent(long eventTime, Catalog.Campaign campaign, int linkNumber) {
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
    String reason;
    byte[] value;
    switch (random.nextInt(8)) {
      case 0 -> {
        String json = e.toString();
        value = json.substring(0, json.length() / 2).getBytes(StandardCharsets.UTF_8);
        reason = "malformed_json";
      }
      case 1 -> {
        value = "click at 12:00 from 203.0.113.9".getBytes(StandardCharsets.UTF_8);
        reason = "malformed_json";
      }
      case 2 -> {
        e.remove("link_id");
        value = bytes(e);
        reason = "missing_field";
      }
      case 3 -> {
        e.put("event_time", "2026-11-22T10:00:00Z");
        value = bytes(e);
        reason = "wrong_type";
      }
      case 4 -> {
        e.put("destination_url", "htp:/broken link");
        value = bytes(e);
        reason = "invalid_url";
      }
      case 5 -> {
        e.put("event_time", eventTime - 30L * 24 * 3600 * 1000);
        value = bytes(e);
        reason = "time_out_of_range";
      }
      case 6 -> {
        e.put("ip", "300.1.2.3");
        value = bytes(e);
        reason = "invalid_field";
      }
      default -> {
        e.put("user_agent", "x".repeat(40_000));
        value = bytes(e);
        reason = "oversized";
      }
    }
    return record(e, value, GeneratedRecord.Kind.MALFORMED, reason);
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
