package io.clickpulse.jobs.alert;

import io.clickpulse.jobs.metrics.PipelineCounter;
import io.clickpulse.jobs.state.KeyedState;
import io.clickpulse.jobs.state.UnionSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * The bot patterns of each client (input keyed by visitor id), in event time: clicks wait until the
 * watermark passes them, then go through the {@link ClientPatternMatcher} with their client's
 * recent clicks, in timestamp order, as CEP would order them. Matches become alerts and, on the
 * side, {@code bot_clients} rows.
 *
 * <p>Why an operator and not a keyed function with timers: most clients click once, and a timer per
 * client to wait for the watermark plus one to forget the client cost a one-click client two timers
 * and a dozen reads and writes of RocksDB (three CEP operators before that took 80 % of the
 * pipeline's CPU, bench/README.md). Here the waiting clicks of all clients share one buffer per
 * task, ordered by event time (only the clicks within the watermark's lag: small, kept in operator
 * state), so a click costs one read and one write of its client's recent clicks and no timer. A
 * client is forgotten lazily: a click more than the longest pattern window after the client's last
 * one starts afresh, so the recent clicks only need to outlive that window, and expire by state TTL
 * ({@link #forgetAfter}) without a timer.
 */
public class DetectClientPatterns extends AbstractStreamOperator<Alert>
    implements OneInputStreamOperator<ClientClick, Alert> {
  public static final OutputTag<BotClient> BOT_CLIENTS = new OutputTag<>("bot-clients") {};

  /**
   * How long, in processing time, a client's recent clicks are kept after its last click, beyond
   * the longest pattern window: a pattern in progress survives a stop of the job this long.
   */
  static final Duration KEEP_ACROSS_STOPS = Duration.ofHours(1);

  private final ClientPatternMatcher matcher;
  private final String dashboardUrlTemplate;

  private transient PriorityQueue<Waiting> waiting;
  private transient UnionSnapshot<ClientClick> waitingState;
  private transient ValueState<RecentClicks> recent;
  private transient PipelineCounter late;
  private transient long watermark;
  private transient long arrivals;

  /** A click waiting for the watermark; ties in event time keep the order of arrival. */
  private record Waiting(ClientClick click, long arrival) {
    static final Comparator<Waiting> IN_EVENT_TIME =
        Comparator.<Waiting>comparingLong(w -> w.click.eventTime)
            .thenComparingLong(Waiting::arrival);
  }

  public DetectClientPatterns(AlertRules rules) {
    this.matcher = new ClientPatternMatcher(rules.bots());
    this.dashboardUrlTemplate = rules.dashboardUrlTemplate();
  }

  /** How long a client's recent clicks are kept after its last click (processing time). */
  Duration forgetAfter() {
    return Duration.ofMillis(matcher.forgetAfterMillis()).plus(KEEP_ACROSS_STOPS);
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    waiting = new PriorityQueue<>(Waiting.IN_EVENT_TIME);
    watermark = Long.MIN_VALUE;
    waitingState =
        UnionSnapshot.register(
            context,
            getRuntimeContext().getTaskInfo(),
            "waiting",
            ClientClick.class,
            c -> c.visitorId);
    for (ClientClick click : waitingState.restored()) {
      waiting.add(new Waiting(click, arrivals++));
    }
  }

  @Override
  public void open() throws Exception {
    super.open();
    ValueStateDescriptor<RecentClicks> descriptor =
        new ValueStateDescriptor<>("recent", RecentClicks.class);
    descriptor.enableTimeToLive(KeyedState.expiringAfterLastWrite(forgetAfter()));
    recent = getRuntimeContext().getState(descriptor);
    late = PipelineCounter.register(getRuntimeContext(), "bot_patterns_late_clicks");
  }

  @Override
  public void processElement(StreamRecord<ClientClick> element) throws Exception {
    ClientClick click = element.getValue();
    if (click.eventTime <= watermark) {
      // Its place in the client's sequence has passed; the click itself is stored as usual.
      late.inc();
      return;
    }
    waiting.add(new Waiting(click, arrivals++));
  }

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    watermark = mark.getTimestamp();
    while (!waiting.isEmpty() && waiting.peek().click.eventTime <= watermark) {
      match(waiting.poll().click);
    }
    super.processWatermark(mark);
  }

  private void match(ClientClick click) throws Exception {
    setCurrentKey(click.visitorId);
    RecentClicks clicks = recent.value();
    if (clicks == null || click.eventTime - clicks.lastEventTime() >= matcher.forgetAfterMillis()) {
      // No earlier click of the client can be in a run with this one.
      clicks = new RecentClicks();
    }
    for (ClientPatternMatcher.Match match : matcher.add(clicks, click)) {
      output.collect(
          BOT_CLIENTS, new StreamRecord<>(ClientPatternAlert.botClient(match), click.eventTime));
      output.collect(
          new StreamRecord<>(
              ClientPatternAlert.alert(match, dashboardUrlTemplate), click.eventTime));
    }
    recent.update(clicks);
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    List<Waiting> inOrder = new ArrayList<>(waiting);
    inOrder.sort(Waiting.IN_EVENT_TIME);
    waitingState.update(inOrder.stream().map(Waiting::click).toList());
  }
}
