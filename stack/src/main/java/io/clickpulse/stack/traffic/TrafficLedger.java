package io.clickpulse.stack.traffic;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What was sent and what the pipeline must make of it, computed from the generated records alone,
 * independently of the pipeline: counts per kind, rejects per reason, late clicks, the Kafka
 * coordinates of every record that must end up on the dead-letter topic (when filled by {@link
 * TrafficProducer}) and, for a ledger made by {@link #of}, the stored clicks per minute and link.
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
  private final boolean perMinute;
  private final Map<MinuteLink, AtomicLong> clicksPerMinute = new ConcurrentHashMap<>();
  private final Map<MinuteLink, AtomicLong> lateClicksPerMinute = new ConcurrentHashMap<>();

  /** A ledger of counts only (per-minute expectations take memory: see {@link #of}). */
  public TrafficLedger() {
    this(false);
  }

  private TrafficLedger(boolean perMinute) {
    this.perMinute = perMinute;
  }

  /** The full ledger of {@code records}, stored clicks per minute and link included. */
  public static TrafficLedger of(Iterable<GeneratedRecord> records) {
    TrafficLedger ledger = new TrafficLedger(true);
    records.forEach(ledger::add);
    return ledger;
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
    if (record.late()) {
      lateClicks.incrementAndGet();
    }
    if (perMinute) {
      MinuteLink key = MinuteLink.of(record);
      clicksPerMinute.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
      if (record.late()) {
        lateClicksPerMinute.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
      }
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
   */
  public Map<MinuteLink, Long> expectedLateClicksPerMinuteAndLink() {
    return sorted(perMinute(lateClicksPerMinute));
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
