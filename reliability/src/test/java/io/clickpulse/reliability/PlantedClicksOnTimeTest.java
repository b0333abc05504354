package io.clickpulse.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.jobs.kafka.RawRecord;
import io.clickpulse.jobs.pipeline.ClickRecordDeserializer;
import io.clickpulse.jobs.pipeline.ClickWatermarks;
import io.clickpulse.jobs.pipeline.EventTimeSettings;
import io.clickpulse.jobs.pipeline.ParsedRecord;
import io.clickpulse.jobs.settings.Settings;
import io.clickpulse.stack.traffic.GeneratedRecord;
import io.clickpulse.udf.event.ValidationLimits;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bot patterns match a click only if the watermark has not passed it when it arrives, and the
 * watermark they see is the smallest of the partitions' watermarks, so which of the planted bot
 * burst's clicks are matched depends on how far each partition's reader happens to be, unless no
 * planted click is behind its own partition's watermark. Then none is behind the job's either,
 * whatever the readers' pace, and a replay after a restore matches the burst as the first run did.
 *
 * <p>Input: scenario 9's stream (seed 9, 100,000 records over 70 minutes; eight producers, one 4
 * minutes fast, sending in runs; duplicates, conflicts and malformed records) read through the
 * production deserializer, one per partition as Kafka's partitioner splits it: as it ran on
 * 2026-12-06 at 19:51, event time from 14:20, when the rule before (the median's lag from the
 * quartiles, a 1 minute lead) had all 14 of partition 1's burst clicks 1-5 s behind that
 * partition's watermark and the burst went unseen after a restore (docs/reliability.md); and as the
 * scenario generates it this hour.
 */
class PlantedClicksOnTimeTest {
  private static final EventTimeSettings SETTINGS = EventTimeSettings.from(Settings.of(Map.of()));

  static Stream<Arguments> streams() {
    Instant failedRun = Instant.parse("2026-12-06T14:20:00Z");
    Instant thisHour =
        Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(5)).plusSeconds(1200);
    return Stream.of(
        Arguments.of("the input of the failed run", failedRun),
        Arguments.of("this hour's input", thisHour));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("streams")
  void noPlantedClickIsBehindItsPartitionsWatermark(String name, Instant start) {
    ClickStream stream = new ClickStream(ClickHouseOutageITCase.EVENTS, 70, 9, start);
    // Sent about five hours after its event time, as the scenario does.
    long sentAt = start.plus(Duration.ofHours(5)).toEpochMilli();
    List<Partition> partitions = new ArrayList<>();
    for (int p = 0; p < ReliabilityStack.SLOTS; p++) {
      partitions.add(new Partition(p, sentAt));
    }
    List<String> behind = new ArrayList<>();
    long[] burst = new long[1];
    stream.inSendingOrder(
        record -> partitionOf(record, partitions).read(record),
        plant -> {
          Partition partition = partitionOf(plant.record(), partitions);
          long watermark = partition.watermark();
          partition.read(plant.record());
          if (plant.link().equals(ClickStream.BOT_LINK)) {
            burst[0]++;
          }
          if (plant.time() <= watermark) {
            behind.add(
                String.format(
                    "%s on partition %d: %d ms behind",
                    plant.link(), partition.index, watermark - plant.time()));
          }
        });
    assertEquals(25, burst[0], "the planted burst's clicks");
    long burstBehind = behind.stream().filter(b -> b.startsWith(ClickStream.BOT_LINK)).count();
    assertTrue(
        behind.isEmpty(),
        behind.size() + " planted clicks behind, " + burstBehind + " of the burst: " + behind);
  }

  private static Partition partitionOf(GeneratedRecord record, List<Partition> partitions) {
    byte[] key = record.key().getBytes(StandardCharsets.UTF_8);
    return partitions.get(Utils.toPositive(Utils.murmur2(key)) % partitions.size());
  }

  /** One partition's reader: the production deserializer, which sets the partition's watermark. */
  private static final class Partition {
    final int index;
    final long sentAt;
    final ClickRecordDeserializer deserializer =
        new ClickRecordDeserializer(ValidationLimits.DEFAULTS, SETTINGS);
    long offset;
    long progress = Long.MIN_VALUE;

    Partition(int index, long sentAt) {
      this.index = index;
      this.sentAt = sentAt;
      deserializer.open(null);
    }

    void read(GeneratedRecord record) {
      ParsedRecord parsed =
          deserializer.parse(new RawRecord("clicks.raw", index, offset++, sentAt, record.value()));
      progress = parsed.partitionProgress;
    }

    /** The partition's watermark before its next record. */
    long watermark() {
      return ClickWatermarks.watermark(progress, SETTINGS.outOfOrderness().toMillis());
    }
  }
}
