package io.clickpulse.jobs.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clickpulse.jobs.metrics.Counters;
import io.clickpulse.udf.event.RejectReason;
import org.apache.flink.streaming.api.operators.StreamMap;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class CountDeadLettersTest {
  private static DeadLetter deadLetter(String reason) {
    DeadLetter d = new DeadLetter();
    d.reason = reason;
    return d;
  }

  /**
   * Click reasons and a code from another source (a link event's {@code invalid_owner}) are both
   * counted and passed on; an unknown code must not fail the task.
   */
  @Test
  void countsEveryReasonItSeesAndPassesEachOn() throws Exception {
    var function = new CountDeadLetters();
    try (var harness = new OneInputStreamOperatorTestHarness<>(new StreamMap<>(function))) {
      harness.open();
      harness.processElement(new StreamRecord<>(deadLetter(RejectReason.INVALID_URL.code())));
      harness.processElement(new StreamRecord<>(deadLetter(RejectReason.INVALID_URL.code())));
      harness.processElement(new StreamRecord<>(deadLetter("invalid_owner")));

      assertEquals(3, harness.extractOutputValues().size());
      var accumulators = function.getRuntimeContext();
      assertEquals(
          2L,
          accumulators
              .getAccumulator(Counters.rejected(RejectReason.INVALID_URL.code()))
              .getLocalValue());
      assertEquals(
          1L, accumulators.getAccumulator(Counters.rejected("invalid_owner")).getLocalValue());
      assertEquals(
          0L,
          accumulators
              .getAccumulator(Counters.rejected(RejectReason.OVERSIZED.code()))
              .getLocalValue(),
          "every click reason reports, 0 until it happens");
    }
  }
}
