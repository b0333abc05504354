package io.clickpulse.jobs.link;

import static io.clickpulse.jobs.link.LinkEventsForTest.CLEAN;
import static io.clickpulse.jobs.link.LinkEventsForTest.T0;
import static io.clickpulse.jobs.link.LinkEventsForTest.created;
import static io.clickpulse.jobs.link.LinkEventsForTest.deleted;
import static io.clickpulse.jobs.link.LinkLifecycleFunctionTest.CHECKS;
import static io.clickpulse.jobs.link.LinkLifecycleFunctionTest.RETENTION;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clickpulse.jobs.alert.Alert;
import io.clickpulse.udf.enrich.EnrichedClick;
import io.clickpulse.udf.event.ClickEvent;
import io.clickpulse.udf.link.LinkEvent;
import io.clickpulse.udf.link.LinkState;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

/**
 * docs/deployment.md promises that a savepoint of the one-input {@code link-lifecycle} operator
 * (before the click join) restores into the two-input one: same key, same ValueState {@code link},
 * the delete-retention timers included.
 */
class LinkLifecycleRestoreTest {
  /** The state-bearing part of the one-input operator as it was before the join. */
  static final class OneInputLifecycle extends KeyedProcessFunction<String, LinkEvent, Alert> {
    private transient ValueState<LinkState> state;

    @Override
    public void open(OpenContext openContext) {
      state = getRuntimeContext().getState(new ValueStateDescriptor<>("link", LinkState.class));
    }

    @Override
    public void processElement(LinkEvent event, Context ctx, Collector<Alert> out)
        throws Exception {
      LinkState next = LinkState.apply(state.value(), event);
      if (next.deleted) {
        ctx.timerService().registerEventTimeTimer(next.deletedAt + RETENTION.toMillis());
      }
      state.update(next);
    }
  }

  @Test
  void aSnapshotOfTheOneInputOperatorRestoresLinksAndTimersIntoTheJoin() throws Exception {
    OperatorSubtaskState snapshot;
    try (var old =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new OneInputLifecycle()), e -> e.linkId, Types.STRING)) {
      old.open();
      for (LinkEvent e :
          List.of(
              created("lnk-a", 1, T0, "https://shop.acme.com/a", CLEAN),
              created("lnk-d", 1, T0, "https://shop.acme.com/d", CLEAN),
              deleted("lnk-d", 2, T0 + 1000))) {
        old.processElement(new StreamRecord<>(e, e.eventTime));
      }
      snapshot = old.snapshot(1, T0);
    }

    try (var joined = LinkLifecycleFunctionTest.harness(CHECKS)) {
      joined.initializeState(snapshot);
      joined.open();
      assertEquals(1, joined.numEventTimeTimers(), "lnk-d's retention timer came along");
      joined.processElement2(new StreamRecord<>(click("lnk-a", T0 + 5000), T0 + 5000));
      joined.processElement2(new StreamRecord<>(click("lnk-d", T0 + 6000), T0 + 6000));
      List<EnrichedClick> out =
          joined.getSideOutput(LinkLifecycleFunction.CLICKS).stream()
              .map(StreamRecord::getValue)
              .toList();
      assertEquals(
          List.of("Winter sale 2026", "Winter sale 2026"),
          out.stream().map(c -> c.campaignName).toList());
      assertEquals(
          List.of("link_clicked_after_delete"),
          joined.extractOutputValues().stream().map(a -> a.rule).toList());

      joined.processBothWatermarks(new Watermark(T0 + 1000 + RETENTION.toMillis()));
      assertEquals(0, joined.numEventTimeTimers());
      assertEquals(1, joined.numKeyedStateEntries(), "only lnk-a is left");
    }
  }

  private static EnrichedClick click(String linkId, long time) {
    ClickEvent e = new ClickEvent();
    e.eventId = linkId + "@" + time;
    e.linkId = linkId;
    e.eventTime = time;
    EnrichedClick c = new EnrichedClick();
    c.click = e;
    return c;
  }
}
