package io.clickpulse.jobs.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.jobs.testing.JsonSchemas;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * Episodes minute by minute through the CEP operators and the order step ({@link EpisodeOperators},
 * which hands the end patterns' alerts on first): from hand-made observations (what each minute is,
 * set by the test), and behind the real {@link ObserveMinutes} from clicks. In every case each
 * resolved alert follows a firing one with its id, each firing one is resolved, and once the
 * subject is no longer observed no state or timer is left.
 */
class EpisodeAlertsTest {
  private static final long MINUTE = 60_000;
  private static final long T0 = Timeline.T0;

  /** Spikes fire after 2 anomalous minutes in a row, drops after 3, broken redirects after 1. */
  private static final AlertRules RULES =
      AlertRules.parse(
          new ByteArrayInputStream(
              "{spike: {consecutive-minutes: 2}, drop: {consecutive-minutes: 3}}"
                  .getBytes(StandardCharsets.UTF_8)),
          "test-rules.yaml");

  private static EpisodeOperators episodes() throws Exception {
    return EpisodeOperators.open(RULES);
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, SubjectClick, MinuteObservation>
      observer() throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new ObserveMinutes(RULES), SubjectClick::subjectKey, Types.STRING);
  }

  /**
   * Minute {@code m} of link l1 with {@code human} clicks; {@code what}: "", spike, drop, broken.
   */
  private static MinuteObservation minute(int m, long human, String what) {
    MinuteObservation o = new MinuteObservation();
    o.subjectType = SubjectClick.LINK;
    o.subjectId = "l1";
    o.linkId = "l1";
    o.campaignId = "c1";
    o.owner = "owner@shop.example";
    o.minute = T0 + m * MINUTE;
    o.clicks = human;
    o.humanClicks = human;
    o.baselineMean = 20;
    o.spike = what.equals("spike");
    o.drop = what.equals("drop");
    o.broken = what.equals("broken");
    o.redirectErrors = o.broken ? human : 0;
    if (o.broken) {
      o.statusCounts = List.of(new AlertContext.StatusCount(502, human));
      o.failingDestinationCounts =
          List.of(new AlertContext.Count("https://shop.example/l1", human));
    }
    return o;
  }

  private static MinuteObservation end(int m) {
    MinuteObservation o = minute(m, 0, "");
    o.end = true;
    return o;
  }

  /** The last minute fed (null after a mark): what the next one follows. */
  private MinuteObservation previous;

  /** Sets what a minute follows, as {@link ObserveMinutes} does. */
  private MinuteObservation chain(MinuteObservation o) {
    if (o.isMinute() && previous != null) {
      o.afterSpike = previous.spike;
      o.afterDrop = previous.drop;
      o.afterBroken = previous.broken;
    }
    previous = o.isMinute() ? o : null;
    return o;
  }

  /**
   * Feeds minutes as a live job sees them, the watermark passing each one before the next comes;
   * returns the alerts they brought out.
   */
  private List<Alert> feed(EpisodeOperators episodes, MinuteObservation... minutes)
      throws Exception {
    int before = episodes.alerts().size();
    for (int i = 0; i < minutes.length; i++) {
      episodes.element(chain(minutes[i]));
      episodes.watermark(minutes[i].minute + MINUTE);
    }
    List<Alert> all = episodes.alerts();
    all.subList(before, all.size()).forEach(JsonSchemas::assertValidAlert);
    return new ArrayList<>(all.subList(before, all.size()));
  }

  /** Feeds minutes as a job catching up sees them: all of them, then one watermark past them. */
  private List<Alert> feedAtOnce(EpisodeOperators episodes, MinuteObservation... minutes)
      throws Exception {
    int before = episodes.alerts().size();
    for (MinuteObservation o : minutes) {
      episodes.element(chain(o));
    }
    episodes.watermark(minutes[minutes.length - 1].minute + 2 * MINUTE);
    List<Alert> all = episodes.alerts();
    all.subList(before, all.size()).forEach(JsonSchemas::assertValidAlert);
    return new ArrayList<>(all.subList(before, all.size()));
  }

  private static void assertNothingLeft(KeyedOneInputStreamOperatorTestHarness<?, ?, ?> harness) {
    assertEquals(0, harness.numKeyedStateEntries(), "keyed state left");
    assertEquals(0, harness.numEventTimeTimers(), "event-time timers left");
    assertEquals(0, harness.numProcessingTimeTimers(), "processing-time timers left");
  }

  private static List<String> summary(List<Alert> alerts) {
    return alerts.stream().map(a -> a.rule + " " + a.status).toList();
  }

  @Test
  void aSpikeFiresOnItsSecondMinuteAndTheFirstNormalMinuteResolvesItWithTheSameId()
      throws Exception {
    try (var h = episodes()) {
      assertEquals(List.of(), feed(h, minute(0, 20, ""), minute(1, 100, "spike")));

      List<Alert> firing = feed(h, minute(2, 140, "spike"));
      assertEquals(List.of("spike firing"), summary(firing));
      Alert f = firing.get(0);
      assertEquals(T0 + MINUTE, f.windowStart);
      assertEquals(T0 + 3 * MINUTE, f.windowEnd);
      assertEquals(140, f.observed);
      assertEquals(20, f.expected);

      assertEquals(List.of(), feed(h, minute(3, 120, "spike")), "fires once per episode");
      List<Alert> resolved = feed(h, minute(4, 22, ""));
      assertEquals(List.of("spike resolved"), summary(resolved));
      Alert r = resolved.get(0);
      assertEquals(f.alertId, r.alertId);
      assertEquals(f.fingerprint, r.fingerprint);
      assertEquals(T0 + MINUTE, r.windowStart);
      assertEquals(T0 + 4 * MINUTE, r.windowEnd, "the episode's three anomalous minutes");
      assertEquals("3", r.evidence.get("minutes"));
      assertTrue(r.reason.contains("back to normal after 3 min"), r.reason);
      assertEquals(List.of(), feed(h, end(5)));
      h.assertNothingLeft();

      // The same minutes again, at once, give the same ids, in the same order.
      try (var again = episodes()) {
        List<Alert> replayed =
            feedAtOnce(
                again,
                minute(0, 20, ""),
                minute(1, 100, "spike"),
                minute(2, 140, "spike"),
                minute(3, 120, "spike"),
                minute(4, 22, ""),
                end(5));
        assertEquals(
            List.of(f.alertId + " firing", f.alertId + " resolved"),
            replayed.stream().map(a -> a.alertId + " " + a.status).toList());
        again.assertNothingLeft();
      }
    }
  }

  @Test
  void runsShorterThanTheRuleSayNothingAndLeaveNothing() throws Exception {
    try (var h = episodes()) {
      List<Alert> out =
          feed(
              h,
              minute(0, 20, ""),
              minute(1, 100, "spike"), // 1 of 2
              minute(2, 20, ""),
              minute(3, 2, "drop"), // 2 of 3
              minute(4, 1, "drop"),
              minute(5, 20, ""),
              minute(6, 100, "spike"), // 1 of 2, then the subject is no longer observed
              end(7));
      assertEquals(List.of(), out);
      h.assertNothingLeft();
    }
  }

  @Test
  void brokenFromTheFirstObservedMinuteFiresAndTheEndMarkResolvesIt() throws Exception {
    try (var h = episodes()) {
      List<Alert> firing = feed(h, minute(0, 10, "broken"));
      assertEquals(List.of("broken_redirect firing"), summary(firing), "no minute before needed");
      assertEquals(10, firing.get(0).observed);

      List<Alert> resolved = feed(h, minute(1, 12, "broken"), end(2));
      assertEquals(List.of("broken_redirect resolved"), summary(resolved));
      assertEquals(firing.get(0).alertId, resolved.get(0).alertId);
      assertEquals(22, resolved.get(0).observed, "errors of both minutes");
      assertEquals(T0 + 2 * MINUTE, resolved.get(0).windowEnd);
      assertTrue(resolved.get(0).reason.contains("no further clicks"), resolved.get(0).reason);
      h.assertNothingLeft();
    }
  }

  @Test
  void aRunWhoseBeginningWasNotSeenMatchesNeitherPattern() throws Exception {
    // Should the patterns see a subject's minutes without their beginning (their state lost while
    // ObserveMinutes kept its own), a run already going on (its minute follows a broken one) has
    // no first minute in either pattern: it neither fires nor resolves. The next run, after a calm
    // minute, does both.
    try (var h = episodes()) {
      MinuteObservation goingOn = minute(0, 10, "broken");
      goingOn.afterBroken = true;
      List<Alert> out =
          feed(
              h,
              goingOn,
              minute(1, 10, "broken"),
              minute(2, 20, ""),
              minute(3, 10, "broken"),
              end(4));
      assertEquals(List.of("broken_redirect firing", "broken_redirect resolved"), summary(out));
      assertEquals(T0 + 3 * MINUTE, out.get(0).windowStart);
      h.assertNothingLeft();
    }
  }

  @Test
  void episodesOneCalmMinuteApartEachFireAndResolve() throws Exception {
    // The calm minute that ends the first is the one before the second: both patterns must begin
    // a match on it while the end pattern completes one with it.
    for (boolean atOnce : new boolean[] {false, true}) {
      MinuteObservation[] minutes = {
        minute(0, 100, "spike"),
        minute(1, 100, "spike"),
        minute(2, 20, ""),
        minute(3, 100, "spike"),
        minute(4, 100, "spike"),
        minute(5, 100, "spike"),
        minute(6, 20, ""),
        minute(7, 100, "spike"),
        minute(8, 100, "spike"),
        end(9)
      };
      try (var h = episodes()) {
        List<Alert> out = atOnce ? feedAtOnce(h, minutes) : feed(h, minutes);
        assertEquals(
            List.of(
                "spike firing @0",
                "spike resolved @0",
                "spike firing @3",
                "spike resolved @3",
                "spike firing @7",
                "spike resolved @7"),
            out.stream()
                .map(a -> a.rule + " " + a.status + " @" + (a.windowStart - T0) / MINUTE)
                .toList(),
            atOnce ? "at once" : "live");
        assertTrue(out.get(3).reason.contains("back to normal after 3 min"), out.get(3).reason);
        assertTrue(out.get(5).reason.contains("no further clicks"), out.get(5).reason);
        h.assertNothingLeft();
      }
    }
  }

  @Test
  void whenTheWatermarkPassesAWholeEpisodeAtOnceTheFiringStillComesFirst() throws Exception {
    // The end operators hand their alerts on first (EpisodeOperators): without the order step,
    // each resolution here would precede its firing.
    try (var h = episodes()) {
      List<Alert> out =
          feedAtOnce(
              h,
              minute(0, 20, ""),
              minute(1, 10, "broken"),
              minute(2, 150, "spike"),
              minute(3, 150, "spike"),
              minute(4, 0, "drop"),
              minute(5, 0, "drop"),
              minute(6, 0, "drop"),
              end(7));
      assertEquals(
          List.of(
              "broken_redirect firing",
              "broken_redirect resolved",
              "spike firing",
              "spike resolved",
              "drop firing",
              "drop resolved"),
          summary(out.stream().sorted(Comparator.comparing(a -> a.windowStart)).toList()));
      assertFireThenResolve(out);
      h.assertNothingLeft();
    }
  }

  @Test
  void clicksStoppingMidSpikeResolveTheSpikeAndTheDropTheyStartEndsWithTheSubject()
      throws Exception {
    try (var h = episodes()) {
      List<Alert> out =
          feed(
              h,
              minute(0, 20, ""),
              minute(1, 150, "spike"),
              minute(2, 160, "spike"),
              minute(3, 0, "drop"),
              minute(4, 0, "drop"),
              minute(5, 0, "drop"),
              minute(6, 0, "drop"),
              end(7));
      assertEquals(
          List.of("spike firing", "spike resolved", "drop firing", "drop resolved"), summary(out));
      assertEquals(out.get(0).alertId, out.get(1).alertId);
      assertEquals(T0 + 3 * MINUTE, out.get(1).windowEnd);
      assertEquals(out.get(2).alertId, out.get(3).alertId);
      assertEquals(T0 + 3 * MINUTE, out.get(2).windowStart);
      assertEquals(T0 + 6 * MINUTE, out.get(2).windowEnd, "fires on the third silent minute");
      assertEquals(T0 + 7 * MINUTE, out.get(3).windowEnd);
      assertEquals(0, out.get(3).observed);
      h.assertNothingLeft();
    }
  }

  @Test
  void anOpenEpisodeSurvivesACheckpointAndIsResolvedOnceAfterARestore() throws Exception {
    OperatorSubtaskState[] snapshot;
    String firingId;
    try (var h = episodes()) {
      List<Alert> firing =
          feed(
              h,
              minute(0, 20, ""),
              minute(1, 2, "drop"),
              minute(2, 1, "drop"),
              minute(3, 0, "drop"));
      assertEquals(List.of("drop firing"), summary(firing));
      firingId = firing.get(0).alertId;
      snapshot = h.snapshot(1, T0 + 4 * MINUTE);
    }
    try (var restored = EpisodeOperators.open(RULES, snapshot, null)) {
      List<Alert> out = feed(restored, minute(4, 1, "drop"), minute(5, 25, ""), end(6));
      assertEquals(List.of("drop resolved"), summary(out), "no second firing after the restore");
      assertEquals(firingId, out.get(0).alertId);
      assertEquals("4", out.get(0).evidence.get("minutes"));
      assertEquals(0, out.get(0).observed);
      restored.assertNothingLeft();
    }
  }

  @Test
  void leavingOutCalmMinutesAfterCalmOnesChangesNoMatch() throws Exception {
    // Random subjects' lives (runs of every kind and length, back to back or apart, forgotten and
    // back), through the patterns with every minute and with only the minutes that matter.
    Random random = new Random(7);
    int episodes = 0;
    for (int life = 0; life < 24; life++) {
      List<MinuteObservation> minutes = new ArrayList<>();
      int m = 0;
      for (int stretch = 0; stretch < 3; stretch++) {
        for (int end = m + 5 + random.nextInt(40); m < end; m++) {
          String[] kinds = {"", "", "", "spike", "drop", "broken"};
          String kind = random.nextInt(4) == 0 ? kinds[random.nextInt(kinds.length)] : "";
          minutes.add(minute(m, 10 + random.nextInt(100), kind));
          if (!kind.isEmpty()) {
            for (int run = random.nextInt(5); run > 0; run--) {
              minutes.add(minute(++m, 10 + random.nextInt(100), kind));
            }
          }
        }
        minutes.add(end(m++));
        m += random.nextInt(5);
      }
      MinuteObservation[] sequence = minutes.toArray(MinuteObservation[]::new);
      for (boolean atOnce : new boolean[] {false, true}) {
        List<Alert> all;
        List<Alert> filtered;
        try (var h = episodes().unfiltered()) {
          all = atOnce ? feedAtOnce(h, sequence) : feed(h, sequence);
          h.assertNothingLeft();
        }
        try (var h = episodes()) {
          filtered = atOnce ? feedAtOnce(h, sequence) : feed(h, sequence);
          h.assertNothingLeft();
        }
        assertEquals(
            describe(all), describe(filtered), "life " + life + (atOnce ? ", at once" : ", live"));
        assertFireThenResolve(filtered);
        episodes += filtered.size() / 2;
      }
    }
    assertTrue(episodes > 200, episodes + " episodes: the lives have too few to show anything");
  }

  private static List<String> describe(List<Alert> alerts) {
    return alerts.stream()
        .map(
            a ->
                String.join(
                    " ",
                    a.alertId,
                    a.status,
                    String.valueOf(a.windowEnd),
                    String.valueOf(a.observed),
                    a.reason,
                    a.evidence.toString()))
        .toList();
  }

  @Test
  void stateIsSerializedAsPojosNotWithKryo() {
    // The CEP operators keep minute observations; the order step keeps alerts.
    for (Class<?> type : List.of(MinuteObservation.class, Alert.class)) {
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

  /**
   * Each resolution has the id of a firing alert that came before it, and each firing one is
   * resolved.
   */
  private static void assertFireThenResolve(List<Alert> out) {
    Map<String, List<String>> byId = new LinkedHashMap<>();
    for (Alert a : out) {
      byId.computeIfAbsent(a.alertId, id -> new ArrayList<>()).add(a.status);
    }
    byId.forEach(
        (id, statuses) -> assertEquals(List.of("firing", "resolved"), statuses, id + " in " + out));
  }

  // Behind the real ObserveMinutes: clicks in, alerts out.

  private final Timeline timeline = new Timeline(21);

  private void clicks(
      KeyedOneInputStreamOperatorTestHarness<String, SubjectClick, MinuteObservation> observer,
      String link,
      int minute,
      int n,
      int status)
      throws Exception {
    for (int i = 0; i < n; i++) {
      SubjectClick c =
          SubjectClick.of(
              timeline.human(link, "c1", T0 + minute * MINUTE + i * (MINUTE / n), i, status),
              SubjectClick.LINK,
              link);
      observer.processElement(new StreamRecord<>(c, c.eventTime));
    }
  }

  /** Moves the observer's watermark and passes what it observed on to the episodes. */
  private static void advance(
      KeyedOneInputStreamOperatorTestHarness<String, SubjectClick, MinuteObservation> observer,
      EpisodeOperators episodes,
      long watermark)
      throws Exception {
    int seen = observer.extractOutputValues().size();
    observer.processWatermark(watermark);
    List<StreamRecord<? extends MinuteObservation>> out = observer.extractOutputStreamRecords();
    for (StreamRecord<? extends MinuteObservation> r : out.subList(seen, out.size())) {
      episodes.element(r.getValue(), r.getTimestamp());
    }
    episodes.watermark(watermark);
  }

  @Test
  void brokenDestinationForTwoMinutesThenSilence() throws Exception {
    try (var observer = observer();
        var h = episodes()) {
      observer.open();
      clicks(observer, "new-link", 0, 9, 502);
      clicks(observer, "new-link", 1, 7, 502);
      advance(observer, h, T0 + 3 * MINUTE); // minute 2 passes without clicks
      List<Alert> out = h.alerts();
      assertEquals(List.of("broken_redirect firing", "broken_redirect resolved"), summary(out));
      assertEquals(out.get(0).alertId, out.get(1).alertId);
      assertEquals(T0, out.get(0).windowStart);
      assertEquals(9, out.get(0).observed);
      assertEquals(16, out.get(1).observed);
      assertEquals(T0 + 2 * MINUTE, out.get(1).windowEnd);
      assertTrue(out.get(1).reason.contains("back to normal"), out.get(1).reason);

      advance(observer, h, T0 + 3 * 3600_000L); // longer than inactive-after: forgotten
      assertEquals(2, h.alerts().size());
      ObserveMinutesTest.assertForgotten(observer, RULES);
      h.assertNothingLeft();
    }
  }

  @Test
  void brokenDestinationUntilTheInputEnds() throws Exception {
    try (var observer = observer();
        var h = episodes()) {
      observer.open();
      clicks(observer, "new-link", 0, 9, 502);
      clicks(observer, "new-link", 1, 7, 502);
      advance(observer, h, Long.MAX_VALUE);
      List<Alert> out = h.alerts();
      assertEquals(List.of("broken_redirect firing", "broken_redirect resolved"), summary(out));
      assertEquals(out.get(0).alertId, out.get(1).alertId);
      assertEquals(T0 + 2 * MINUTE, out.get(1).windowEnd);
      assertTrue(out.get(1).reason.contains("no further clicks"), out.get(1).reason);
      ObserveMinutesTest.assertForgotten(observer, RULES);
      h.assertNothingLeft();
    }
  }

  @Test
  void campaignLinkWhoseClicksStopMidSpikeDropsAndIsResolvedWhenForgotten() throws Exception {
    try (var observer = observer();
        var h = episodes()) {
      observer.open();
      for (int m = 0; m < 30; m++) {
        clicks(observer, "l1", m, 30, 302); // 30 minutes at 30 a minute: the baseline
      }
      // Three minutes at 200 (a spike's evidence takes two: it is flagged from minute 31), then
      // not a single click more.
      clicks(observer, "l1", 30, 200, 302);
      clicks(observer, "l1", 31, 200, 302);
      clicks(observer, "l1", 32, 200, 302);
      advance(observer, h, T0 + 40 * MINUTE);
      List<Alert> out = h.alerts();
      assertEquals(
          List.of("spike firing", "spike resolved", "drop firing"), summary(out), out.toString());
      assertEquals(T0 + 31 * MINUTE, out.get(0).windowStart, "from its first spike minute");
      assertEquals(200, out.get(0).observed);
      assertEquals(T0 + 33 * MINUTE, out.get(1).windowEnd);
      // Silence from minute 33: two silent minutes are the drop's evidence (flagged from 34),
      // three drop minutes in a row (this test's rules) fire it at 36.
      assertEquals(T0 + 34 * MINUTE, out.get(2).windowStart);
      assertEquals(T0 + 37 * MINUTE, out.get(2).windowEnd);

      // The last click was in minute 32: the link is forgotten inactive-after (2 h) later, at
      // the latest at the end of minute 32 + 2 h, and its drop resolved.
      advance(observer, h, T0 + 32 * MINUTE + 2 * 3600_000L + 2 * MINUTE);
      out = h.alerts();
      assertEquals(
          List.of("spike firing", "spike resolved", "drop firing", "drop resolved"),
          summary(out),
          out.toString());
      assertEquals(out.get(2).alertId, out.get(3).alertId);
      assertTrue(out.get(3).reason.contains("no further clicks"), out.get(3).reason);
      ObserveMinutesTest.assertForgotten(observer, RULES);
      h.assertNothingLeft();
    }
  }
}
