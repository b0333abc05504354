package io.clickpulse.jobs.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clickpulse.udf.event.ClickEvent;
import io.clickpulse.udf.event.RejectReason;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeduplicateClicksTest {
  private static final Duration TTL = Duration.ofHours(24);

  /** A UUID id (packed into two longs) and its upper-case spelling, another id to the job. */
  private static final String UUID_ID = "9b2f6c1e-4d7a-4f3b-8e21-0c5d9a7b3e64";

  private static final String UUID_UPPER = UUID_ID.toUpperCase();

  private KeyedOneInputStreamOperatorTestHarness<Tuple3<String, Long, Long>, ClickEvent, ClickEvent>
      harness;

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
    assertEquals(List.of("a", "a", "b"), duplicateIds());
    assertEquals(0, deadLetters().size());
    assertEquals(2, harness.numKeyedStateEntries());
    assertEquals(0, harness.numProcessingTimeTimers() + harness.numEventTimeTimers());
  }

  @Test
  void keepsUuidIdsApartFromTheirOtherSpellingsAndFromOtherIds() throws Exception {
    String nilUuid = "00000000-0000-0000-0000-000000000000";
    send(
        event(UUID_ID, 1),
        event(UUID_UPPER, 1),
        event(nilUuid, 1),
        event("0", 1),
        event(UUID_ID, 1),
        event(UUID_UPPER, 1),
        event(nilUuid, 1));

    assertEquals(List.of(UUID_ID, UUID_UPPER, nilUuid, "0"), outputIds());
    assertEquals(List.of(UUID_ID, UUID_UPPER, nilUuid), duplicateIds());
    assertEquals(0, deadLetters().size());
    assertEquals(
        Tuple3.of("", 0x9b2f6c1e4d7a4f3bL, 0x8e210c5d9a7b3e64L),
        DeduplicateClicks.key(event(UUID_ID, 1)),
        "a canonical UUID is keyed by its 128 bits");
    assertEquals(Tuple3.of(UUID_UPPER, 0L, 0L), DeduplicateClicks.key(event(UUID_UPPER, 1)));
  }

  @Test
  void routesSameIdWithOtherContentToDeadLettersAndKeepsTheFirst() throws Exception {
    send(event(UUID_ID, 1), event(UUID_ID, 2), event(UUID_ID, 1), event(UUID_ID, 3));

    assertEquals(List.of(UUID_ID), outputIds());
    assertEquals(List.of(UUID_ID), duplicateIds());
    List<DeadLetter> conflicts = deadLetters();
    assertEquals(2, conflicts.size());
    for (DeadLetter d : conflicts) {
      assertEquals(RejectReason.DUPLICATE_CONFLICT.code(), d.reason);
      assertEquals(UUID_ID, d.eventId);
      assertEquals("clicks.raw", d.topic);
    }
    assertEquals(List.of(11L, 13L), conflicts.stream().map(d -> d.offset).toList());
  }

  @Test
  void forgetsIdsAfterTheTtlAndLeavesNoState() throws Exception {
    send(event("a", 1), event(UUID_ID, 1), event("c", 1));
    assertEquals(3, harness.numKeyedStateEntries());

    harness.setStateTtlProcessingTime(TTL.toMillis() - 1);
    send(event("a", 1), event(UUID_ID, 1));
    assertEquals(List.of("a", UUID_ID, "c"), outputIds(), "still duplicates just before the TTL");

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

    send(event("a", 1), event(UUID_ID, 2), event("d", 1));
    assertEquals(
        List.of("a", UUID_ID),
        outputIds(),
        "a and the UUID are new again after the TTL (other content is no conflict then),"
            + " d still a duplicate");
  }

  private static KeyedOneInputStreamOperatorTestHarness<
          Tuple3<String, Long, Long>, ClickEvent, ClickEvent>
      newHarness() throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new DeduplicateClicks(TTL, "clicks.raw")),
        DeduplicateClicks::key,
        DeduplicateClicks.KEY_TYPE);
  }

  private void send(ClickEvent... events) throws Exception {
    for (ClickEvent e : events) {
      harness.processElement(new StreamRecord<>(e, e.eventTime));
    }
  }

  private List<String> outputIds() {
    return harness.extractOutputValues().stream().map(e -> e.eventId).toList();
  }

  private List<String> duplicateIds() {
    var side = harness.getSideOutput(DeduplicateClicks.DUPLICATES);
    return side == null ? List.of() : side.stream().map(r -> r.getValue().eventId).toList();
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
