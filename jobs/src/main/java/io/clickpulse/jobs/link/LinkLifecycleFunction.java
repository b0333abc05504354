package io.clickpulse.jobs.link;

import io.clickpulse.jobs.alert.Alert;
import io.clickpulse.udf.link.LinkChecks;
import io.clickpulse.udf.link.LinkEvent;
import io.clickpulse.udf.link.LinkEventType;
import io.clickpulse.udf.link.LinkFinding;
import io.clickpulse.udf.link.LinkState;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Per link id: the latest version ({@link LinkState}), the lifecycle checks on every newer event
 * (alerts out), a row per accepted event (side output {@link #ROWS}) and the accepted events of
 * bulk imports (side output {@link #IMPORTED}). Older or equal versions change nothing: replays and
 * redeliveries are quiet.
 *
 * <p>A deleted link is kept {@code deletedRetention} of event time (an event-time timer), then
 * forgotten; a link that comes back before that cancels the timer. Live links are kept: they are
 * few (one per link ever made) and the click join (part 3) needs them.
 */
public class LinkLifecycleFunction extends KeyedProcessFunction<String, LinkEvent, Alert> {
  public static final OutputTag<LinkRow> ROWS = new OutputTag<>("link-rows") {};

  /** Accepted created/updated events that carry an import_id. */
  public static final OutputTag<LinkEvent> IMPORTED = new OutputTag<>("link-imported") {};

  private final LinkChecks checks;
  private final LinkAlerts alerts;
  private final long deletedRetention;

  private transient ValueState<LinkState> state;

  public LinkLifecycleFunction(LinkChecks checks, LinkAlerts alerts, Duration deletedRetention) {
    this.checks = checks;
    this.alerts = alerts;
    this.deletedRetention = deletedRetention.toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    state = getRuntimeContext().getState(new ValueStateDescriptor<>("link", LinkState.class));
  }

  @Override
  public void processElement(LinkEvent event, Context ctx, Collector<Alert> out) throws Exception {
    LinkState previous = state.value();
    if (LinkState.isStale(previous, event)) {
      return;
    }
    LinkState next = LinkState.apply(previous, event);
    for (LinkFinding finding : checks.check(previous, event)) {
      out.collect(alerts.finding(finding, next, event.eventTime));
    }
    if (previous != null && previous.deleted) {
      ctx.timerService().deleteEventTimeTimer(previous.deletedAt + deletedRetention);
    }
    if (next.deleted) {
      ctx.timerService().registerEventTimeTimer(next.deletedAt + deletedRetention);
    }
    state.update(next);
    ctx.output(
        ROWS,
        new LinkRow(event.eventId, event.type.json(), event.eventTime, event.createdBy, next));
    if (event.importId != null
        && !next.deleted
        && (event.type == LinkEventType.CREATED || event.type == LinkEventType.UPDATED)) {
      ctx.output(IMPORTED, event);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
    LinkState current = state.value();
    if (current != null && current.deleted && current.deletedAt + deletedRetention <= timestamp) {
      state.clear();
    }
  }
}
