package io.clickpulse.stack.traffic;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What was sent and what the pipeline must make of it, computed from the generated records alone,
 * independently of the pipeline: counts per kind, rejects per reason, late clicks, the Kafka
 * coordinates of every record that must end up on the dead-letter topic (when filled by {@link
 * TrafficProducer}) and, for a ledger made by {@link #of}, the stored clicks per minute and link. A
 * ledger made by {@link #of} or {@link #withDistinctCounts} also counts the distinct links and
 * visitors that the alert rules see (state per link and per visitor is measured against them).
 */
public final class TrafficLedger {
  /**
   * One minute of event time (epoch ms at its start, UTC-aligned like Flink's windows) and link.
   */
  public record MinuteLink(long minute, String linkId) implements Comparable<MinuteLink> {
    static MinuteLink of(GeneratedRecord record) {
      if (record.eventTime() == GeneratedRecord.UNKNOWN_TIME || record.linkId() == null) {
        throw new IllegalArgumentException(
            "record " + record.key() + " does not say its event time and link");
      }
      return new MinuteLink(Math.floorDiv(record.eventTime(), MINUTE) * MINUTE, record.linkId());
    }

    @Override
    public int compareTo(MinuteLink other) {
      int byMinute = Long.compare(minute, other.minute);
      return byMinute != 0 ? byMinute : linkId.compareTo(other.linkId);
    }
  }

  private static final long MINUTE = 60_000;

  private final Map<GeneratedRecord.Kind, AtomicLong> byKind = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> rejectsByReason = new ConcurrentHashMap<>();
  private final Map<String, String> deadLetterReasonByCoordinates = new ConcurrentHashMap<>();
  private final AtomicLong lateClicks = new AtomicLong();
  private final AtomicLong fastClockClicks = new AtomicLong();
  private final AtomicLong datedNow = new AtomicLong();
  private final AtomicLong countedClicks = new AtomicLong();
  private final boolean perMinute;
  private final Map<MinuteLink, AtomicLong> clicksPerMinute = new ConcurrentHashMap<>();
  private final Map<MinuteLink, AtomicLong> lateClicksPerMinute = new ConcurrentHashMap<>();

  /** Null unless distinct counts are kept: they take memory in proportion to the input. */
  private final Set<String> distinctLinks;

  /** 64-bit hashes of "ip, user agent": what the pipeline takes for one visitor. */
  private final Set<Long> distinctVisitors;

  /** A ledger of counts only (per-minute expectations take memory: see {@link #of}). */
  public TrafficLedger() {
    this(false, false);
  }

  private TrafficLedger(boolean perMinute, boolean distinct) {
    this.perMinute = perMinute;
    this.distinctLinks = distinct ? ConcurrentHashMap.newKeySet() : null;
    this.distinctVisitors = distinct ? ConcurrentHashMap.newKeySet() : null;
  }

  /** The full ledger of {@code records}, stored clicks per minute and link included. */
  public static TrafficLedger of(Iterable<GeneratedRecord> records) {
    TrafficLedger ledger = new TrafficLedger(true, true);
    records.forEach(ledger::add);
    return ledger;
  }

  /** A ledger of counts that also counts distinct links and visitors (for a bounded input). */
  public static TrafficLedger withDistinctCounts() {
    return new TrafficLedger(false, true);
  }

  /** Enters one record (any thread). */
  public void add(GeneratedRecord record) {
    byKind.computeIfAbsent(record.kind(), k -> new AtomicLong()).incrementAndGet();
    if (record.expectedReason() != null) {
      rejectsByReason
          .computeIfAbsent(record.expectedReason(), k -> new AtomicLong())
          .incrementAndGet();
    }
    if (record.datedNow()) {
      datedNow.incrementAndGet();
    }
    if (record.kind() == GeneratedRecord.Kind.VALID && record.skewed() && !record.late()) {
      fastClockClicks.incrementAndGet();
    }
    // Stored clicks, minus test traffic, which never reaches the aggregation.
    if (record.kind() != GeneratedRecord.Kind.VALID || record.test()) {
      return;
    }
    countedClicks.incrementAndGet();
    if (record.late()) {
      lateClicks.incrementAndGet();
    } else if (distinctLinks != null) {
      distinctLinks.add(record.linkId());
      distinctVisitors.add(visitorHash(record.value()));
    }
    if (perMinute) {
      clicksPerMinute
          .computeIfAbsent(MinuteLink.of(record), k -> new AtomicLong())
          .incrementAndGet();
    }
    // Every ledger keeps the late ones per minute: they are few (0.2 % of clicks by default).
    if (record.late()) {
      lateClicksPerMinute
          .computeIfAbsent(MinuteLink.of(record), k -> new AtomicLong())
          .incrementAndGet();
    }
  }

  void record(GeneratedRecord record, int partition, long offset) {
    add(record);
    if (record.expectedReason() != null) {
      deadLetterReasonByCoordinates.put(coordinates(partition, offset), record.expectedReason());
    }
  }

  public static String coordinates(int partition, long offset) {
    return partition + "@" + offset;
  }

  public long count(GeneratedRecord.Kind kind) {
    AtomicLong n = byKind.get(kind);
    return n == null ? 0 : n.get();
  }

  public long total() {
    return byKind.values().stream().mapToLong(AtomicLong::get).sum();
  }

  /** Distinct valid events: what the clicks table must hold. */
  public long expectedStored() {
    return count(GeneratedRecord.Kind.VALID);
  }

  public long expectedDuplicates() {
    return count(GeneratedRecord.Kind.DUPLICATE);
  }

  public long expectedRejected() {
    return count(GeneratedRecord.Kind.MALFORMED) + count(GeneratedRecord.Kind.CONFLICT);
  }

  /** Expected dead letters per reason code, sorted. */
  public Map<String, Long> expectedRejectsByReason() {
    return sorted(rejectsByReason);
  }

  /** Stored non-test clicks the aggregation must send to {@code late_clicks}. */
  public long expectedLateClicks() {
    return lateClicks.get();
  }

  /**
   * Stored non-test clicks, late ones included: what the minute aggregates hold plus {@link
   * #expectedLateClicks}.
   */
  public long expectedCountedClicks() {
    return countedClicks.get();
  }

  /**
   * Distinct links among the non-test clicks that arrive in time: the links the alert rules
   * observe.
   */
  public long distinctLinks() {
    return distinct(distinctLinks);
  }

  /** Distinct visitors (ip and user agent) among the non-test clicks that arrive in time. */
  public long distinctVisitors() {
    return distinct(distinctVisitors);
  }

  private static long distinct(Set<?> values) {
    if (values == null) {
      throw new IllegalStateException(
          "this ledger keeps no distinct counts; use TrafficLedger.withDistinctCounts() or of()");
    }
    return values.size();
  }

  private static final JsonFactory JSON = new JsonFactory();

  /** FNV-1a over the record's ip and user_agent: 64 bits, so a million visitors never collide. */
  static long visitorHash(byte[] json) {
    String ip = "";
    String userAgent = "";
    try (JsonParser parser = JSON.createParser(json)) {
      parser.nextToken();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals("ip") && value == JsonToken.VALUE_STRING) {
          ip = parser.getText();
        } else if (field.equals("user_agent") && value == JsonToken.VALUE_STRING) {
          userAgent = parser.getText();
        } else {
          parser.skipChildren();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("a valid generated record is not JSON", e);
    }
    long hash = 0xcbf29ce484222325L;
    for (char c : (ip + '\n' + userAgent).toCharArray()) {
      hash = (hash ^ c) * 0x100000001b3L;
    }
    return hash;
  }

  /** Malformed records dated with the wall-clock time they were made at. */
  public long datedNow() {
    return datedNow.get();
  }

  /**
   * Stored clicks (test ones included) from the producer whose clock is ahead, late ones excepted:
   * those the job should find ahead of their partition's event time ({@code clicks.clock_ahead_ms >
   * 0}, docs/events.md). Not an exact expectation: a partition's first few events cannot be told
   * apart, and where its recent events lie further apart than the skew (a low rate) none can.
   */
  public long fastClockClicks() {
    return fastClockClicks.get();
  }

  /**
   * Stored non-test clicks per minute of their event time (as sent) and link: what {@code clicks}
   * must hold; the minute aggregates hold this minus {@link #expectedLateClicksPerMinuteAndLink}.
   */
  public Map<MinuteLink, Long> expectedClicksPerMinuteAndLink() {
    return sorted(perMinute(clicksPerMinute));
  }

  /**
   * The late ones among {@link #expectedClicksPerMinuteAndLink}: what {@code late_clicks} holds.
   * Every ledger keeps them, a ledger of counts only too.
   */
  public Map<MinuteLink, Long> expectedLateClicksPerMinuteAndLink() {
    return sorted(lateClicksPerMinute);
  }

  /** "partition@offset" → reason for every record that must be dead-lettered. */
  public Map<String, String> expectedDeadLetters() {
    return new TreeMap<>(deadLetterReasonByCoordinates);
  }

  private <K> Map<K, AtomicLong> perMinute(Map<K, AtomicLong> counts) {
    if (!perMinute) {
      throw new IllegalStateException(
          "this ledger keeps counts only; TrafficLedger.of(records) keeps them per minute");
    }
    return counts;
  }

  private static <K extends Comparable<K>> Map<K, Long> sorted(Map<K, AtomicLong> counts) {
    Map<K, Long> out = new TreeMap<>();
    counts.forEach((key, n) -> out.put(key, n.get()));
    return Collections.unmodifiableMap(out);
  }

  @Override
  public String toString() {
    return "sent "
        + total()
        + ": "
        + expectedStored()
        + " distinct valid, "
        + expectedDuplicates()
        + " duplicates, "
        + expectedRejected()
        + " to reject "
        + expectedRejectsByReason();
  }
}
