package io.clickpulse.jobs.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.udf.event.ClickEvent;
import io.clickpulse.udf.event.EventTimeProgress;
import java.time.Duration;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * Which clicks are too late for their minute and which clocks run ahead, per partition, and that a
 * restore decides as the run before it did. Out-of-orderness 30 s, allowed lateness 5 min, lead 20
 * s (the defaults); each partition first gets a full window of clicks ({@link
 * EventTimeProgress#RECENT}), one second apart: no progress before.
 */
class JudgeEventTimeTest {
  private static final long T0 = 1_780_000_000_000L; // a minute start
  private static final EventTimeSettings SETTINGS =
      new EventTimeSettings(
          Duration.ofSeconds(30),
          Duration.ofMinutes(5),
          Duration.ofMinutes(1),
          Duration.ofSeconds(20));

  private static OneInputStreamOperatorTestHarness<ClickEvent, ClickEvent> harness()
      throws Exception {
    return new OneInputStreamOperatorTestHarness<>(
        new ProcessOperator<>(new JudgeEventTime(SETTINGS)));
  }

  private static ClickEvent click(int partition, long time) {
    ClickEvent c = new ClickEvent();
    c.eventId = "e-" + partition + "-" + time;
    c.eventTime = time;
    c.sourcePartition = partition;
    return c;
  }

  private static ClickEvent judge(
      OneInputStreamOperatorTestHarness<ClickEvent, ClickEvent> h, ClickEvent click)
      throws Exception {
    h.processElement(new StreamRecord<>(click, click.eventTime));
    List<ClickEvent> out = h.extractOutputValues();
    return out.get(out.size() - 1);
  }

  private static void inOrder(OneInputStreamOperatorTestHarness<ClickEvent, ClickEvent> h, int p)
      throws Exception {
    for (int i = 0; i < EventTimeProgress.RECENT; i++) {
      assertEquals(0, judge(h, click(p, T0 + i * 1000L)).clockAheadMillis);
    }
  }

  @Test
  void aClickFromAFastClockIsMarked() throws Exception {
    try (var h = harness()) {
      h.open();
      inOrder(h, 0);
      assertTrue(judge(h, click(0, T0 + 260_000)).clockAheadMillis >= 240_000, "about 4 min");
      assertEquals(0, judge(h, click(0, T0 + 20_000)).clockAheadMillis);
    }
  }

  @Test
  void aClickBehindItsPartitionByMoreThanTheAllowedLatenessIsTooLate() throws Exception {
    try (var h = harness()) {
      h.open();
      inOrder(h, 0); // progress T0 + 31 s
      // Its minute ended 6 minutes before the progress' minute: over 5 min + 30 s behind.
      assertTrue(judge(h, click(0, T0 - 7 * 60_000)).tooLate);
      // Its minute ends 5 minutes before: late, but it still corrects its minute.
      assertFalse(judge(h, click(0, T0 - 5 * 60_000)).tooLate);
      // Partition 1 has its own progress: none yet.
      assertFalse(judge(h, click(1, T0 - 7 * 60_000)).tooLate);
    }
  }

  /**
   * The first click read after a restore is judged against the partition's progress before it, not
   * against none (scenario 1 once counted such a click both in its minute and in late_clicks).
   */
  @Test
  void aRestoreDecidesAsTheRunBeforeIt() throws Exception {
    OperatorSubtaskState snapshot;
    try (var h = harness()) {
      h.open();
      inOrder(h, 0);
      inOrder(h, 1);
      snapshot = h.snapshot(1, 1);
    }
    try (var restored = harness()) {
      restored.initializeState(snapshot);
      restored.open();
      assertTrue(judge(restored, click(0, T0 - 7 * 60_000)).tooLate);
      assertTrue(judge(restored, click(1, T0 + 260_000)).clockAheadMillis >= 240_000);
    }
  }
}
