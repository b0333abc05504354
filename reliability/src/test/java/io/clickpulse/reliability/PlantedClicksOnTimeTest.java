package io.clickpulse.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * burst click is behind its own partition's watermark. Then none is behind the job's either,
 * whatever the readers' pace, and a replay after a restore matches the burst as the first run did.
 * The other planted clicks (the spike, the broken redirect, the missing UTM parameters) come from a
 * client each, so no pattern can match them; they only have to make their minute: not later than
 * the allowed lateness behind their partition's watermark (the job's is never ahead of it). Like
 * the traffic's own on-time clicks, a few of them arrive a few seconds behind it (0.5 % by design,
 * {@code EventTimeProgress}); with the sparse traffic of scenario 7 up to a minute and a half.
 *
 * <p>Input: each scenario's stream (realistic traffic of its size and seed, eight producers, one 4
 * minutes fast, sending in runs; duplicates, conflicts and malformed records) read through the
 * production deserializer, one per partition as Kafka's partitioner splits it, with its event time
 * starting this hour as the scenarios run it; and scenario 9's as it ran on 2026-12-06 at 19:51,
 * event time from 14:20, when the rule before (the median's lag from the quartiles, a 1 minute
 * lead) had all 14 of partition 1's burst clicks 1-5 s behind that partition's watermark and the
 * burst went unseen after a restore (docs/reliability.md). The traffic differs with the hour: a
 * check of every hour of a day for scenarios 1, 2, 3, 7, 8 and 9 (144 streams) found no burst click
 * behind and no planted click too late; spike or broken-redirect clicks were behind in 40 of the
 * 120 streams of scenarios 2 to 9.
 */
class PlantedClicksOnTimeTest {
  private static final EventTimeSettings SETTINGS = EventTimeSettings.from(Settings.of(Map.of()));

  static Stream<Arguments> streams() {
    Instant thisHour =
        Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(5)).plusSeconds(1200);
    return Stream.of(
        Arguments.of(
            "scenario 9, the input of the failed run",
            ClickHouseOutageITCase.EVENTS,
            70,
            9L,
            Instant.parse("2026-12-06T14:20:00Z")),
        Arguments.of("scenario 1", TaskManagerKillITCase.EVENTS, 70, 1L, thisHour),
        Arguments.of("scenario 2", ClickHouseOutageITCase.EVENTS, 70, 2L, thisHour),
        Arguments.of("scenario 3", ClickHouseOutageITCase.EVENTS, 70, 3L, thisHour),
        Arguments.of(
            "scenario 7", LeastPrivilegeITCase.EVENTS, LeastPrivilegeITCase.MINUTES, 7L, thisHour),
        Arguments.of("scenario 8", ClickHouseOutageITCase.EVENTS, 70, 8L, thisHour),
        Arguments.of("scenario 9", ClickHouseOutageITCase.EVENTS, 70, 9L, thisHour));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("streams")
  void burstAheadOfItsPartitionsWatermarkAndEveryPlantedClickInItsMinute(
      String name, long events, int minutes, long seed, Instant start) {
    ClickStream stream = new ClickStream(events, minutes, seed, start);
    // Sent about five hours after its event time, as the scenarios do.
    long sentAt = start.plus(Duration.ofHours(5)).toEpochMilli();
    List<Partition> partitions = new ArrayList<>();
    for (int p = 0; p < ReliabilityStack.SLOTS; p++) {
      partitions.add(new Partition(p, sentAt));
    }
    List<String> burstBehind = new ArrayList<>();
    List<String> tooLate = new ArrayList<>();
    long[] burst = new long[1];
    stream.inSendingOrder(
        record -> partitionOf(record, partitions).read(record),
        plant -> {
          Partition partition = partitionOf(plant.record(), partitions);
          long eventTime = plant.eventTime();
          long watermark = partition.watermark();
          partition.read(plant.record());
          String where =
              String.format(
                  "%s at %s on partition %d: %d ms behind",
                  plant.link(),
                  Instant.ofEpochMilli(eventTime),
                  partition.index,
                  watermark - eventTime);
          if (plant.link().equals(ClickStream.BOT_LINK)) {
            burst[0]++;
            if (eventTime <= watermark) {
              burstBehind.add(where);
            }
          }
          if (ClickWatermarks.tooLate(
              eventTime, watermark, SETTINGS.allowedLateness().toMillis())) {
            tooLate.add(where);
          }
        });
    assertEquals(25, burst[0], "the planted burst's clicks");
    assertEquals(List.of(), burstBehind, "burst clicks behind their partition's watermark");
    assertEquals(List.of(), tooLate, "planted clicks too late for their minute");
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
