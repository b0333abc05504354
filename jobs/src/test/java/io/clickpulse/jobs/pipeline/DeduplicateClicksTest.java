package io.clickpulse.jobs.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clickpulse.udf.event.ClickEvent;
import io.clickpulse.udf.event.RejectReason;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeduplicateClicksTest {
  private static final Duration TTL = Duration.ofHours(24);

  private KeyedOneInputStreamOperatorTestHarness<String, ClickEvent, ClickEvent> harness;

  @BeforeEach
  void setUp() throws Exception {
    harness = newHarness();
    harness.setStateTtlProcessingTime(0);
    harness.open();
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  @Test
  void passesFirstEventAndDropsExactRepeats() throws Exception {
    send(event("a", 1), event("b", 1), event("a", 1), event("a", 1), event("b", 1));

    assertEquals(List.of("a", "b"), outputIds());
    assertEquals(0, deadLetters().size());
    assertEquals(2, harness.numKeyedStateEntries());
    assertEquals(0, harness.numProcessingTimeTimers() + harness.numEventTimeTimers());
  }

  @Test
  void routesSameIdWithOtherContentToDeadLettersAndKeepsTheFirst() throws Exception {
    send(event("a", 1), event("a", 2), event("a", 1), event("a", 3));

    assertEquals(List.of("a"), outputIds());
    List<DeadLetter> conflicts = deadLetters();
    assertEquals(2, conflicts.size());
    for (DeadLetter d : conflicts) {
      assertEquals(RejectReason.DUPLICATE_CONFLICT.code(), d.reason);
      assertEquals("a", d.eventId);
      assertEquals("clicks.raw", d.topic);
    }
    assertEquals(List.of(11L, 13L), conflicts.stream().map(d -> d.offset).toList());
  }

  @Test
  void forgetsIdsAfterTheTtlAndLeavesNoState() throws Exception {
    send(event("a", 1), event("b", 1), event("c", 1));
    assertEquals(3, harness.numKeyedStateEntries());

    harness.setStateTtlProcessingTime(TTL.toMillis() - 1);
    send(event("a", 1));
    assertEquals(List.of("a", "b", "c"), outputIds(), "still a duplicate just before the TTL");

    harness.setStateTtlProcessingTime(TTL.toMillis() + 1);
    send(event("d", 1));
    assertEquals(0, harness.numProcessingTimeTimers() + harness.numEventTimeTimers());

    // A savepoint taken now carries only d: expired ids do not survive into restored state.
    OperatorSubtaskState snapshot = harness.snapshot(1, TTL.toMillis() + 2);
    harness.close();
    harness = newHarness();
    harness.setStateTtlProcessingTime(TTL.toMillis() + 3);
    harness.initializeState(snapshot);
    harness.open();
    assertEquals(1, harness.numKeyedStateEntries(), "only d is remembered");

    send(event("a", 1), event("d", 1));
    assertEquals(List.of("a"), outputIds(), "a is new again after its TTL, d still a duplicate");
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, ClickEvent, ClickEvent> newHarness()
      throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new DeduplicateClicks(TTL, "clicks.raw")),
        event -> event.eventId,
        Types.STRING);
  }

  private void send(ClickEvent... events) throws Exception {
    for (ClickEvent e : events) {
      harness.processElement(new StreamRecord<>(e, e.eventTime));
    }
  }

  private List<String> outputIds() {
    return harness.extractOutputValues().stream().map(e -> e.eventId).toList();
  }

  private List<DeadLetter> deadLetters() {
    var side = harness.getSideOutput(DeadLetters.TAG);
    return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
  }

  private long offsets = 10;

  /** An event whose content is identified by {@code contentHash}. */
  private ClickEvent event(String id, long contentHash) {
    ClickEvent e = new ClickEvent();
    e.eventId = id;
    e.eventTime = 1_700_000_000_000L;
    e.linkId = "lnk-1";
    e.shortUrl = "https://cpl.sh/lnk-1";
    e.destinationUrl = "https://shop.example/";
    e.ip = "198.51.100.7";
    e.contentHash = contentHash;
    e.sourcePartition = 0;
    e.sourceOffset = offsets++;
    return e;
  }
}
