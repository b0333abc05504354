package io.clickpulse.jobs.crm;

import io.clickpulse.jobs.metrics.PipelineCounter;
import io.clickpulse.udf.crm.CrmClick;
import io.clickpulse.udf.crm.CrmRule;
import io.clickpulse.udf.crm.CrmRules;
import io.clickpulse.udf.crm.CrmSignal;
import io.clickpulse.udf.crm.SignalWindows;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The CRM rules for one subject: keyed by contact id (tagged-clicks, first-click) or by a
 * partner-volume rule and its tag or owner ({@link CrmClick#key}). Only human, non-test, on-time
 * clicks that some rule counts reach it (filtered before the keyBy, so clicks without a contact
 * cost no state).
 *
 * <p>Event time decides, in order: a click waits (in state, with a timer at its time) until the
 * watermark passes it, and the clicks a timer releases are offered sorted by time and event id, so
 * the signals and their ids do not depend on arrival order within the watermark's lag, and a replay
 * makes the same ones. A click that arrives behind the watermark (on time for its own partition,
 * late for the slowest one) is offered at once.
 *
 * <p>State is bounded per subject: the clicks of each rule's open window (at most its {@code
 * clicks}), quiet times and first-click campaigns; one event-time timer at the earliest expiry
 * ({@link SignalWindows#nextExpiry}) drops what no later click needs, and a subject whose windows
 * have all passed holds nothing and no timer. The state types ({@link SignalWindows}, {@link
 * CrmClick}) are POJOs whose lists and maps Flink serializes with its own collection serializers,
 * not Kryo, so savepoints evolve like the other POJO state.
 */
public class DetectCrmSignals extends KeyedProcessFunction<String, CrmClick, CrmSignal> {
  private static final Comparator<CrmClick> ORDER =
      Comparator.<CrmClick>comparingLong(c -> c.eventTime).thenComparing(c -> c.eventId);

  private final CrmRules rules;
  private final List<CrmRule> offered;
  private final String counter;

  private transient ValueState<SignalWindows> windows;
  private transient ListState<CrmClick> pending;
  private transient ValueState<Long> cleanupAt;
  private transient PipelineCounter signals;

  /**
   * @param partner true for the partner-volume operator, false for the per-contact one
   */
  public DetectCrmSignals(CrmRules rules, boolean partner) {
    this.rules = rules;
    this.offered = partner ? rules.partnerRules() : rules.contactRules();
    this.counter = partner ? "crm_signals_partner" : "crm_signals_contact";
  }

  @Override
  public void open(OpenContext openContext) {
    windows =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("crm-windows", SignalWindows.class));
    pending =
        getRuntimeContext().getListState(new ListStateDescriptor<>("crm-pending", CrmClick.class));
    cleanupAt =
        getRuntimeContext().getState(new ValueStateDescriptor<>("crm-cleanup-at", Long.class));
    signals = PipelineCounter.register(getRuntimeContext(), counter);
  }

  @Override
  public void processElement(CrmClick click, Context ctx, Collector<CrmSignal> out)
      throws Exception {
    if (click.eventTime > ctx.timerService().currentWatermark()) {
      pending.add(click);
      ctx.timerService().registerEventTimeTimer(click.eventTime);
    } else {
      offer(List.of(click), ctx.timerService().currentWatermark(), ctx, out);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<CrmSignal> out)
      throws Exception {
    List<CrmClick> ready = new ArrayList<>();
    List<CrmClick> waiting = new ArrayList<>();
    for (CrmClick c : pending.get()) {
      (c.eventTime <= timestamp ? ready : waiting).add(c);
    }
    if (!ready.isEmpty()) {
      if (waiting.isEmpty()) {
        pending.clear();
      } else {
        pending.update(waiting);
      }
    }
    ready.sort(ORDER);
    offer(ready, timestamp, ctx, out);
  }

  /** Offers {@code clicks} in order, then drops what has expired at {@code now}. */
  private void offer(List<CrmClick> clicks, long now, Context ctx, Collector<CrmSignal> out)
      throws Exception {
    SignalWindows w = windows.value();
    if (w == null) {
      w = new SignalWindows();
    }
    for (CrmClick click : clicks) {
      for (CrmSignal s : w.offer(click, offered)) {
        signals.inc();
        out.collect(s);
      }
    }
    w.expire(now, rules);
    Long at = cleanupAt.value();
    long next = w.isEmpty() ? Long.MAX_VALUE : w.nextExpiry(rules);
    if (at != null && at != next) {
      // A waiting click may share the timer (one per key and time): then it stays, and fires.
      if (!waitsAt(at)) {
        ctx.timerService().deleteEventTimeTimer(at);
      }
      cleanupAt.clear();
    }
    if (w.isEmpty()) {
      windows.clear();
      return;
    }
    windows.update(w);
    if (at == null || at != next) {
      ctx.timerService().registerEventTimeTimer(next);
      cleanupAt.update(next);
    }
  }

  private boolean waitsAt(long time) throws Exception {
    for (CrmClick c : pending.get()) {
      if (c.eventTime == time) {
        return true;
      }
    }
    return false;
  }
}
