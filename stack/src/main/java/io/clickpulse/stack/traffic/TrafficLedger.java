package io.clickpulse.stack.traffic;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What was sent and what the pipeline must make of it, computed independently of the pipeline:
 * counts per kind, rejects per reason, and the Kafka coordinates of every record that must end up
 * on the dead-letter topic.
 */
public final class TrafficLedger {
  private final Map<GeneratedRecord.Kind, AtomicLong> byKind = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> rejectsByReason = new ConcurrentHashMap<>();
  private final Map<String, String> deadLetterReasonByCoordinates = new ConcurrentHashMap<>();

  void record(GeneratedRecord record, int partition, long offset) {
    byKind.computeIfAbsent(record.kind(), k -> new AtomicLong()).incrementAndGet();
    if (record.expectedReason() != null) {
      rejectsByReason
          .computeIfAbsent(record.expectedReason(), k -> new AtomicLong())
          .incrementAndGet();
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
    Map<String, Long> out = new TreeMap<>();
    rejectsByReason.forEach((reason, n) -> out.put(reason, n.get()));
    return out;
  }

  /** "partition@offset" → reason for every record that must be dead-lettered. */
  public Map<String, String> expectedDeadLetters() {
    return new TreeMap<>(deadLetterReasonByCoordinates);
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
