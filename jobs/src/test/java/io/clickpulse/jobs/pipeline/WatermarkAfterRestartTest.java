package io.clickpulse.jobs.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clickpulse.jobs.kafka.RawRecord;
import io.clickpulse.stack.traffic.GeneratedRecord;
import io.clickpulse.stack.traffic.RealisticTraffic;
import io.clickpulse.udf.event.EventTimeProgress;
import io.clickpulse.udf.event.ValidationLimits;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/**
 * A restart reads a partition again from a checkpoint's offset with a new deserializer, whose
 * event-time progress (the watermark's) starts empty. On realistic traffic shaped like reliability
 * scenario 9's (30,000 records over 20 minutes on two partitions; eight producers, one with a clock
 * 4 minutes fast, sending in runs; 5 % duplicates re-sent up to minutes later, conflicts, malformed
 * records, 0.2 % of clicks 10-20 minutes late), a restart at any record must never give a partition
 * a watermark ahead of the uninterrupted run's: the bot patterns would find clicks late in the
 * replay that the first run matched (a planted bot burst went unseen so).
 */
class WatermarkAfterRestartTest {
  private static final int PARTITIONS = 2;
  private static final EventTimeSettings SETTINGS =
      new EventTimeSettings(
          Duration.ofSeconds(30),
          Duration.ofMinutes(5),
          Duration.ofMinutes(1),
          Duration.ofMinutes(1));

  /** How far each restart is followed: past the warm-up, by as much again. */
  private static final int FOLLOW = 2 * EventTimeProgress.RECENT;

  @Test
  void aRestartAtAnyRecordNeverPutsAWatermarkAheadOfTheUninterruptedRun() {
    List<List<RawRecord>> partitions = partitionedTraffic();
    List<String> ahead = new ArrayList<>();
    for (List<RawRecord> records : partitions) {
      long[] uninterrupted = progress(records, 0, records.size());
      for (int restart = 1; restart < records.size(); restart++) {
        int end = Math.min(records.size(), restart + FOLLOW);
        long[] restarted = progress(records, restart, end);
        for (int i = restart; i < end; i++) {
          long watermark = watermark(restarted[i - restart]);
          long uninterruptedWatermark = watermark(uninterrupted[i]);
          if (watermark > uninterruptedWatermark) {
            ahead.add(
                String.format(
                    "%d@%d: %d ms at %d",
                    records.get(restart).partition,
                    restart,
                    watermark - uninterruptedWatermark,
                    i));
            break;
          }
        }
      }
    }
    assertEquals(List.of(), ahead, "restarts (partition@record) whose watermark ran ahead");
  }

  /** Each record's partition progress, read by one deserializer from {@code from}. */
  private static long[] progress(List<RawRecord> records, int from, int to) {
    ClickRecordDeserializer deserializer =
        new ClickRecordDeserializer(ValidationLimits.DEFAULTS, SETTINGS);
    deserializer.open(null);
    long[] progress = new long[to - from];
    for (int i = from; i < to; i++) {
      progress[i - from] = deserializer.parse(records.get(i)).partitionProgress;
    }
    return progress;
  }

  private static long watermark(long progress) {
    return ClickWatermarks.watermark(progress, SETTINGS.outOfOrderness().toMillis());
  }

  /** The traffic in arrival order, on the partitions Kafka's default partitioner gives its keys. */
  private static List<List<RawRecord>> partitionedTraffic() {
    long end = Instant.parse("2026-12-01T14:00:00Z").toEpochMilli();
    RealisticTraffic.Options options =
        RealisticTraffic.Options.builder()
            .seed(9)
            .events(30_000)
            .span(Duration.ofMinutes(20))
            .end(end)
            .links(2_000)
            .producers(8)
            .producerSkew(Duration.ofMinutes(4))
            .scenario("steady")
            .wallClock(() -> end + 3_600_000L)
            .build();
    List<List<RawRecord>> partitions = new ArrayList<>();
    for (int p = 0; p < PARTITIONS; p++) {
      partitions.add(new ArrayList<>());
    }
    for (var traffic = new RealisticTraffic(options); traffic.hasNext(); ) {
      GeneratedRecord record = traffic.next();
      byte[] key = record.key().getBytes(StandardCharsets.UTF_8);
      int p = Utils.toPositive(Utils.murmur2(key)) % PARTITIONS;
      List<RawRecord> log = partitions.get(p);
      log.add(new RawRecord("clicks.raw", p, log.size(), end, record.value()));
    }
    return partitions;
  }
}
