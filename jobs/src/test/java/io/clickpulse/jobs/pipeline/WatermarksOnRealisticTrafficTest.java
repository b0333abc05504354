package io.clickpulse.jobs.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.jobs.kafka.RawRecord;
import io.clickpulse.jobs.settings.Settings;
import io.clickpulse.stack.traffic.GeneratedRecord;
import io.clickpulse.stack.traffic.RealisticTraffic;
import io.clickpulse.udf.event.EventTimeProgress;
import io.clickpulse.udf.event.ValidationLimits;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each partition's watermark as the source computes it ({@link ClickRecordDeserializer}, {@link
 * ClickWatermarks}), on realistic traffic shaped like reliability scenario 9's: 30,000 records over
 * 20 minutes on two partitions; eight producers, one with a clock 4 minutes fast, sending in runs;
 * on-time clicks up to 20 s after their time; 5 % duplicates re-sent up to minutes later,
 * conflicts, malformed records, 0.2 % of clicks 10-20 minutes late. The bot patterns match only
 * clicks the watermark has not passed, so it must stay behind the on-time clicks, restart or not.
 */
class WatermarksOnRealisticTrafficTest {
  private static final int PARTITIONS = 2;

  /** The product's defaults: out-of-orderness 30 s, clock lead 20 s. */
  private static final EventTimeSettings SETTINGS = EventTimeSettings.from(Settings.of(Map.of()));

  /** How far each restart is followed: past the warm-up, by as much again. */
  private static final int FOLLOW = 2 * EventTimeProgress.RECENT;

  private static final long END = Instant.parse("2026-12-01T14:00:00Z").toEpochMilli();

  private static List<List<GeneratedRecord>> partitions;

  @BeforeAll
  static void generate() {
    RealisticTraffic.Options options =
        RealisticTraffic.Options.builder()
            .seed(9)
            .events(30_000)
            .span(Duration.ofMinutes(20))
            .end(END)
            .links(2_000)
            .producers(8)
            .producerSkew(Duration.ofMinutes(4))
            .scenario("steady")
            .wallClock(() -> END + 3_600_000L)
            .build();
    partitions = new ArrayList<>();
    for (int p = 0; p < PARTITIONS; p++) {
      partitions.add(new ArrayList<>());
    }
    // On the partitions Kafka's default partitioner gives the keys, in arrival order.
    for (var traffic = new RealisticTraffic(options); traffic.hasNext(); ) {
      GeneratedRecord record = traffic.next();
      byte[] key = record.key().getBytes(StandardCharsets.UTF_8);
      partitions.get(Utils.toPositive(Utils.murmur2(key)) % PARTITIONS).add(record);
    }
  }

  /**
   * Clicks sent on time by the producers whose clocks are right are not behind their partition's
   * watermark. The fast producer's events re-sent minutes later are under a minute ahead: with the
   * rule before (spread from the quartiles, lead 1 minute) they carried it past 8-10 % of them.
   */
  @Test
  void theOnTimeClicksOfRightClocksAreNotBehindTheWatermark() {
    long onTime = 0;
    long behind = 0;
    for (int p = 0; p < PARTITIONS; p++) {
      List<GeneratedRecord> records = partitions.get(p);
      ParsedRecord[] parsed = parse(p, 0, records.size());
      for (int i = 1; i < records.size(); i++) {
        GeneratedRecord r = records.get(i);
        if (r.kind() == GeneratedRecord.Kind.VALID && !r.late() && !r.skewed()) {
          assertTrue(parsed[i].isValid(), "a valid click was rejected: " + parsed[i].deadLetter);
          onTime++;
          if (r.eventTime() <= watermark(parsed[i - 1].partitionProgress)) {
            behind++;
          }
        }
      }
    }
    assertTrue(onTime > 20_000, "most of the 30,000 records are such clicks: " + onTime);
    assertTrue(
        behind <= onTime / 200,
        behind + " of " + onTime + " on-time clicks behind their partition's watermark");
  }

  /**
   * A restart reads a partition again from a checkpoint's offset with a new deserializer, whose
   * progress starts empty. At any record, the restarted watermark must never be ahead of the
   * uninterrupted run's: the bot patterns would find clicks late in the replay that the first run
   * matched (a planted bot burst went unseen so).
   */
  @Test
  void aRestartAtAnyRecordNeverPutsAWatermarkAheadOfTheUninterruptedRun() {
    List<String> ahead = new ArrayList<>();
    for (int p = 0; p < PARTITIONS; p++) {
      int size = partitions.get(p).size();
      long[] uninterrupted = progress(p, 0, size);
      assertTrue(uninterrupted[size - 1] != Long.MIN_VALUE, "partition " + p + " made progress");
      for (int restart = 1; restart < size; restart++) {
        int end = Math.min(size, restart + FOLLOW);
        long[] restarted = progress(p, restart, end);
        for (int i = restart; i < end; i++) {
          long watermark = watermark(restarted[i - restart]);
          long uninterruptedWatermark = watermark(uninterrupted[i]);
          if (watermark > uninterruptedWatermark) {
            ahead.add(
                String.format(
                    "%d@%d: %d ms at %d", p, restart, watermark - uninterruptedWatermark, i));
            break;
          }
        }
      }
    }
    assertEquals(List.of(), ahead, "restarts (partition@record) whose watermark ran ahead");
  }

  /** Each record's partition progress, read by one deserializer from record {@code from}. */
  private static long[] progress(int partition, int from, int to) {
    ParsedRecord[] parsed = parse(partition, from, to);
    long[] progress = new long[parsed.length];
    for (int i = 0; i < parsed.length; i++) {
      progress[i] = parsed[i].partitionProgress;
    }
    return progress;
  }

  /**
   * Records {@code from} to {@code to} of a partition read by one deserializer, each with the
   * timestamp Kafka gave it (when it arrived).
   */
  private static ParsedRecord[] parse(int partition, int from, int to) {
    ClickRecordDeserializer deserializer =
        new ClickRecordDeserializer(ValidationLimits.DEFAULTS, SETTINGS);
    deserializer.open(null);
    List<GeneratedRecord> records = partitions.get(partition);
    ParsedRecord[] parsed = new ParsedRecord[to - from];
    for (int i = from; i < to; i++) {
      GeneratedRecord r = records.get(i);
      long timestamp = r.arrivalTime() == GeneratedRecord.UNKNOWN_TIME ? END : r.arrivalTime();
      parsed[i - from] =
          deserializer.parse(new RawRecord("clicks.raw", partition, i, timestamp, r.value()));
    }
    return parsed;
  }

  private static long watermark(long progress) {
    return ClickWatermarks.watermark(progress, SETTINGS.outOfOrderness().toMillis());
  }
}
