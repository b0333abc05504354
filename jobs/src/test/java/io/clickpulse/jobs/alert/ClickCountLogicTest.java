package io.clickpulse.jobs.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The counting and crossing of hourly thresholds and milestones, and their wording. */
class ClickCountLogicTest {
  private static final long H = HourlyCounts.HOUR;
  private static final long T0 = Timeline.T0;
  private static final long LAG = 30_000;

  /**
   * Clicks as "minute:second" offsets from T0 (processed in this order, with the watermark 30 s
   * behind the latest click), threshold 3: which clicks (1-based) fire, and the counts left open.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // Four clicks in one hour: the fourth passes 3, once.
        "0:00 10:00 20:00 30:00 40:00 | 4 | 0=5",
        // Exactly the threshold is not above it.
        "0:00 10:00 20:00 | '' | 0=3",
        // A new hour counts from zero once the watermark has closed the last one.
        "0:00 10:00 20:00 59:00 61:00 62:00 63:00 | 4 | 60=3",
        // Around the turn of the hour, within the lag: 59:50 still counts for hour 0.
        "59:40 59:45 60:05 59:50 59:55 | 5 | 0=4 60=1",
        // A click behind the closed hour is not counted (the caller drops it as late).
        "0:00 59:00 61:00 60:40 | '' | 60=2",
        // Each hour fires once, the second hour on its own fourth click; hour 0 is dropped at
        // the first click after the watermark closes it (lazily), not before.
        "0:00 1:00 2:00 3:00 4:00 60:01 60:02 60:03 60:04 | 4 9 | 0=5 60=4",
        "0:00 1:00 2:00 3:00 4:00 60:01 60:02 60:03 60:04 60:35 60:40 | 4 9 | 60=6",
      })
  void hourlyCountsFireOnceWhenAnOpenHourPassesTheThreshold(
      String clicks, String firingClicks, String open) {
    HourlyCounts counts = new HourlyCounts();
    long watermark = Long.MIN_VALUE;
    List<Integer> fired = new ArrayList<>();
    String[] times = clicks.split(" ");
    for (int i = 0; i < times.length; i++) {
      long t = T0 + at(times[i]);
      if (HourlyCounts.closed(HourlyCounts.hourOf(t), watermark)) {
        continue; // late: the operator counts it as such and ignores it
      }
      if (counts.count(t, watermark, 3) != null) {
        fired.add(i + 1);
      }
      watermark = Math.max(watermark, t - LAG - 1);
    }
    assertEquals(firingClicks, String.join(" ", fired.stream().map(String::valueOf).toList()));
    TreeMap<Long, Long> left = new TreeMap<>();
    counts.hours.forEach(h -> left.put((h.hour - T0) / 60_000, h.clicks));
    assertEquals(open, String.join(" ", left.entrySet().stream().map(Object::toString).toList()));
  }

  @Test
  void anyArrivalOrderWithinTheLagCountsTheSameHoursAndFiresTheSameOnes() {
    Random random = new Random(7);
    List<Long> inOrder = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      inOrder.add(T0 + (long) (random.nextDouble() * 3 * H)); // about 1,000 an hour, threshold 990
    }
    Collections.sort(inOrder);
    String expected = null;
    for (int run = 0; run < 20; run++) {
      List<Long> arrival = shuffleWithin(inOrder, LAG, random);
      String outcome = hourlyOutcome(arrival, 990);
      if (expected == null) {
        expected = outcome;
      }
      assertEquals(expected, outcome, "run " + run);
    }
    // The outcome is the truth: every hour with more than 990 clicks fired, and only those.
    StringBuilder truth = new StringBuilder();
    for (long h = T0; h < T0 + 3 * H; h += H) {
      long hour = h;
      long n = inOrder.stream().filter(t -> HourlyCounts.hourOf(t) == hour).count();
      truth.append((hour - T0) / H).append('=').append(n).append(n > 990 ? "!" : "").append(' ');
    }
    assertEquals(truth.toString().trim(), expected);
  }

  /** Per hour, the final count and "!" if it fired, as the operator would see it. */
  private static String hourlyOutcome(List<Long> arrival, int threshold) {
    HourlyCounts counts = new HourlyCounts();
    TreeMap<Long, String> closed = new TreeMap<>();
    long watermark = Long.MIN_VALUE;
    for (long t : arrival) {
      long hour = HourlyCounts.hourOf(t);
      if (HourlyCounts.closed(hour, watermark)) {
        throw new AssertionError("a click within the lag is never late");
      }
      for (HourlyCounts.OpenHour h : counts.hours) {
        if (HourlyCounts.closed(h.hour, watermark)) {
          closed.put(h.hour, h.clicks + (h.fired ? "!" : ""));
        }
      }
      counts.count(t, watermark, threshold);
      watermark = Math.max(watermark, t - LAG - 1);
    }
    counts.hours.forEach(h -> closed.put(h.hour, h.clicks + (h.fired ? "!" : "")));
    return String.join(
        " ",
        closed.entrySet().stream().map(e -> (e.getKey() - T0) / H + "=" + e.getValue()).toList());
  }

  /** The clicks in an order where each is at most {@code lag} behind the latest before it. */
  private static List<Long> shuffleWithin(List<Long> sorted, long lag, Random random) {
    List<long[]> keyed = new ArrayList<>();
    for (long t : sorted) {
      keyed.add(new long[] {t + (long) (random.nextDouble() * lag), t});
    }
    keyed.sort((a, b) -> Long.compare(a[0], b[0]));
    return keyed.stream().map(k -> k[1]).toList();
  }

  /** Clicks counted, milestones [3, 5, 10]: the clicks that reach one, and their value. */
  @ParameterizedTest(name = "{0} clicks from {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "2  | 0  | ''",
        "3  | 0  | 3=3",
        "12 | 0  | 3=3 5=5 10=10",
        // Restored from a checkpoint that had counted 4: the count goes on, 3 is not repeated.
        "8  | 4  | 5=5 10=10",
        // Counted past every value: nothing more, however long it goes on.
        "5  | 10 | ''",
      })
  void milestonesAreReachedByExactlyOneClickEach(int clicks, long alreadyCounted, String reached) {
    MilestoneProgress p = new MilestoneProgress();
    p.clicks = alreadyCounted;
    List<String> out = new ArrayList<>();
    for (int i = 1; i <= clicks; i++) {
      long m = p.count(T0 + i, List.of(3L, 5L, 10L));
      if (m > 0) {
        out.add((alreadyCounted + i) + "=" + m);
      }
    }
    assertEquals(reached, String.join(" ", out));
  }

  @Test
  void milestoneCountAndFirstClickDoNotDependOnTheOrder() {
    List<Long> times = new ArrayList<>(Arrays.asList(T0 + 500, T0 + 100, T0 + 900, T0 + 300));
    for (int run = 0; run < 5; run++) {
      Collections.shuffle(times, new Random(run));
      MilestoneProgress p = new MilestoneProgress();
      List<Long> reached = new ArrayList<>();
      times.forEach(t -> reached.add(p.count(t, List.of(2L, 4L))));
      assertEquals(List.of(0L, 2L, 0L, 4L), reached);
      assertEquals(T0 + 100, p.firstClick);
    }
  }

  @ParameterizedTest(name = "{0} ms -> {1}")
  @CsvSource({
    "0, less than a minute",
    "59999, less than a minute",
    "60000, 1 minute",
    "1380000, 23 minutes",
    "7140000, 119 minutes",
    "7200000, 2 hours",
    "172799999, 47 hours",
    "259200000, 3 days",
  })
  void agoIsRoughAndReadable(long millis, String text) {
    assertEquals(text, ClickCountText.ago(T0, T0 + millis));
  }

  @Test
  void hoursCountsAndSubjectsReadForPeople() {
    assertEquals(
        "between 14:00 and 15:00 UTC on 2026-12-05",
        ClickCountText.hour(java.time.Instant.parse("2026-12-05T14:00:00Z").toEpochMilli()));
    assertEquals(
        "between 23:00 and 00:00 UTC on 2026-12-05",
        ClickCountText.hour(java.time.Instant.parse("2026-12-05T23:00:00Z").toEpochMilli()));
    assertEquals("10,000", ClickCountText.count(10_000));
    assertEquals("Campaign spring-sale", ClickCountText.subject("campaign", "spring-sale", "x"));
    assertEquals("Link l1 of campaign c1", ClickCountText.subject("link", "l1", "c1"));
    assertEquals("Link l1", ClickCountText.subject("link", "l1", ""));
  }

  @Test
  void stateIsSerializedAsPojosNotWithKryo() {
    for (Class<?> type :
        List.of(HourlyCounts.class, HourlyCounts.OpenHour.class, MilestoneProgress.class)) {
      TypeInformation<?> info = TypeInformation.of(type);
      assertTrue(info instanceof PojoTypeInfo, type + " is " + info);
      PojoTypeInfo<?> pojo = (PojoTypeInfo<?>) info;
      for (int i = 0; i < pojo.getArity(); i++) {
        assertFalse(
            pojo.getPojoFieldAt(i).getTypeInformation() instanceof GenericTypeInfo,
            type.getSimpleName() + "." + pojo.getPojoFieldAt(i).getField().getName());
      }
    }
  }

  private static long at(String minuteSecond) {
    String[] p = minuteSecond.split(":");
    return Long.parseLong(p[0]) * 60_000 + Long.parseLong(p[1]) * 1000;
  }
}
