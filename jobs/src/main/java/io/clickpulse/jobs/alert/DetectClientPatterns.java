package io.clickpulse.jobs.alert;

import io.clickpulse.jobs.metrics.Counters;
import io.clickpulse.jobs.metrics.PipelineCounter;
import io.clickpulse.jobs.state.KeyedState;
import io.clickpulse.jobs.state.UnionSnapshot;
import io.clickpulse.udf.enrich.EnrichedClick;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.util.OutputTag;

/**
 * The bot patterns of each client (input keyed by visitor id), in event time, and the verdict on
 * every click: the clicks of a client a pattern caught leave the human counts.
 *
 * <p>Clicks wait until the watermark passes them, then go through the {@link ClientPatternMatcher}
 * with their client's recent clicks, in timestamp order, as CEP would order them. Matches become
 * {@link #ALERTS} and {@link #BOT_CLIENTS} rows. Every click then waits {@code bots.mark-delay}
 * more (event time) before it goes on to the clicks table, the minute aggregates and the alert
 * rules: a match marks the clicks of its run still waiting, and the client's clicks for the longest
 * pattern window after it, as bots with the pattern's {@link io.clickpulse.udf.enrich.BotReason}.
 * The watermark leaves this operator {@code mark-delay} behind the one it got, so nothing
 * downstream becomes late because of the wait. Test clicks pass through unjudged.
 *
 * <p>Why an operator and not a keyed function with timers: most clients click once, and a timer per
 * client to wait for the watermark plus one to forget the client cost a one-click client two timers
 * and a dozen reads and writes of RocksDB (three CEP operators before that took 80 % of the
 * pipeline's CPU, bench/README.md). Here the waiting clicks of all clients share two buffers per
 * task, ordered by event time (only the clicks within the watermark's lag plus the mark delay: kept
 * in operator state), so a click costs one read and one write of its client's recent clicks and no
 * timer. A client is forgotten lazily: a click more than the longest pattern window after the
 * client's last one starts afresh, so the recent clicks only need to outlive that window, and
 * expire by state TTL ({@link #forgetAfter}) without a timer.
 */
public class DetectClientPatterns extends AbstractStreamOperator<EnrichedClick>
    implements OneInputStreamOperator<EnrichedClick, EnrichedClick>, BoundedOneInput {
  public static final OutputTag<Alert> ALERTS = new OutputTag<>("client-pattern-alerts") {};
  public static final OutputTag<BotClient> BOT_CLIENTS = new OutputTag<>("bot-clients") {};

  /**
   * How long, in processing time, a client's recent clicks are kept after its last click, beyond
   * the longest pattern window: a pattern in progress survives a stop of the job this long.
   */
  static final Duration KEEP_ACROSS_STOPS = Duration.ofHours(1);

  private final ClientPatternMatcher matcher;
  private final String dashboardUrlTemplate;
  private final long markDelayMillis;

  /** Clicks the watermark has not passed yet: still to be matched. */
  private transient PriorityQueue<Waiting> unmatched;

  /** Matched clicks waiting for the verdict of later clicks, by event id to mark them. */
  private transient PriorityQueue<Waiting> unsent;

  private transient Map<String, EnrichedClick> unsentById;
  private transient UnionSnapshot<EnrichedClick> unmatchedState;
  private transient UnionSnapshot<EnrichedClick> unsentState;
  private transient ValueState<RecentClicks> recent;
  private transient PipelineCounter late;
  private transient PipelineCounter marked;
  private transient long watermark;

  private transient long arrivals;

  /**
   * A click waiting; ties in event time keep the order of arrival. The event time is copied in: the
   * queues compare it a few times per click, and reaching it through the click was 2.6 % of the
   * pipeline's samples in a backlog profile (bench/README.md).
   */
  private record Waiting(EnrichedClick click, long eventTime, long arrival) {
    // Written out: the composed comparingLong(..).thenComparingLong(..) with method references
    // was still 1.6-2.5 % of a backlog profile's samples.
    static final Comparator<Waiting> IN_EVENT_TIME =
        (a, b) ->
            a.eventTime != b.eventTime
                ? Long.compare(a.eventTime, b.eventTime)
                : Long.compare(a.arrival, b.arrival);

    Waiting(EnrichedClick click, long arrival) {
      this(click, click.click.eventTime, arrival);
    }
  }

  public DetectClientPatterns(AlertRules rules) {
    this.matcher = new ClientPatternMatcher(rules.bots());
    this.dashboardUrlTemplate = rules.dashboardUrlTemplate();
    this.markDelayMillis = AlertRules.parse(rules.bots().markDelay).toMillis();
  }

  /** How long a client's recent clicks are kept after its last click (processing time). */
  Duration forgetAfter() {
    return Duration.ofMillis(matcher.forgetAfterMillis()).plus(KEEP_ACROSS_STOPS);
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    unmatched = new PriorityQueue<>(Waiting.IN_EVENT_TIME);
    unsent = new PriorityQueue<>(Waiting.IN_EVENT_TIME);
    unsentById = new HashMap<>();
    watermark = Long.MIN_VALUE;
    unmatchedState = register(context, "unmatched");
    unsentState = register(context, "unsent");
    for (EnrichedClick click : unmatchedState.restored()) {
      unmatched.add(new Waiting(click, arrivals++));
    }
    for (EnrichedClick click : unsentState.restored()) {
      hold(click);
    }
  }

  private UnionSnapshot<EnrichedClick> register(StateInitializationContext context, String name)
      throws Exception {
    return UnionSnapshot.register(
        context, getRuntimeContext().getTaskInfo(), name, EnrichedClick.class, c -> c.visitorId);
  }

  @Override
  public void open() throws Exception {
    super.open();
    ValueStateDescriptor<RecentClicks> descriptor =
        new ValueStateDescriptor<>("recent", RecentClicks.TYPE);
    descriptor.enableTimeToLive(KeyedState.expiringAfterLastWrite(forgetAfter()));
    recent = getRuntimeContext().getState(descriptor);
    late = PipelineCounter.register(getRuntimeContext(), Counters.BOT_PATTERNS_LATE);
    marked = PipelineCounter.register(getRuntimeContext(), "bot_patterns_marked_clicks");
  }

  @Override
  public void processElement(StreamRecord<EnrichedClick> element) throws Exception {
    EnrichedClick click = element.getValue();
    long time = click.click.eventTime;
    if (time > watermark) {
      unmatched.add(new Waiting(click, arrivals++));
      return;
    }
    // Its place in the client's sequence has passed: not matched, but marked if it is caught.
    late.inc();
    if (!click.click.isTest) {
      RecentClicks clicks = recent.value();
      if (clicks != null) {
        mark(click, clicks.caughtAt(time));
      }
    }
    if (time > released()) {
      hold(click);
    } else {
      output.collect(new StreamRecord<>(click, time));
    }
  }

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    watermark = mark.getTimestamp();
    matchUpTo(watermark);
    sendUpTo(released());
    super.processWatermark(new Watermark(released()));
  }

  /** Matches the clicks up to {@code time}, in event time; they wait for the mark delay then. */
  private void matchUpTo(long time) throws Exception {
    while (!unmatched.isEmpty() && unmatched.peek().eventTime() <= time) {
      EnrichedClick click = unmatched.poll().click;
      hold(click);
      if (!click.click.isTest) {
        match(click);
      }
    }
  }

  /** Sends on the matched clicks up to {@code time}, in event time, with their verdict. */
  private void sendUpTo(long time) {
    while (!unsent.isEmpty() && unsent.peek().eventTime() <= time) {
      EnrichedClick click = unsent.poll().click;
      unsentById.remove(click.click.eventId);
      output.collect(new StreamRecord<>(click, click.click.eventTime));
    }
  }

  /**
   * Every input went idle (no clicks for {@code aggregate.idle-timeout}): the watermark stops, and
   * the last clicks would wait for more traffic before the clicks table got them. No click is
   * expected now, so the waiting ones are matched and go on with the verdict they have. The
   * watermark stays {@code mark-delay} behind, so nothing sent on later is late downstream.
   *
   * <p>Idle can also mean a pause of the input (a Kafka restart, a backlog's producer stalled),
   * after which clicks come on for times the other clients' matched clicks passed. They are still
   * matched: order only matters within a client, so only a click behind its own client's last
   * matched one is judged as a late one ({@link #match}). A global mark instead (the latest time
   * matched) made every click within the out-of-order spread late, and a bot burst spanning the
   * pause went unseen (KafkaRestartITCase).
   */
  @Override
  public void processWatermarkStatus(WatermarkStatus status) throws Exception {
    if (status.isIdle()) {
      matchUpTo(Long.MAX_VALUE);
      sendUpTo(Long.MAX_VALUE);
    }
    super.processWatermarkStatus(status);
  }

  /**
   * The input ended (a bounded run, or {@code stop --drain}) without the final watermark: a drain
   * while the sources are idle (no clicks for {@code aggregate.idle-timeout}) does not pass it on.
   * The verdict on every waiting click is final now, so they all go on, and so does the watermark
   * this operator got, no longer held back by the mark delay: downstream closes what it would have
   * closed without this operator. Not Flink's final watermark: the other tasks' clicks may still be
   * on their way, and would be too late for it.
   */
  @Override
  public void endInput() throws Exception {
    if (watermark == Long.MAX_VALUE) {
      return; // everything went on with the final watermark
    }
    matchUpTo(Long.MAX_VALUE);
    sendUpTo(Long.MAX_VALUE);
    if (watermark > released()) {
      output.emitWatermarkStatus(WatermarkStatus.ACTIVE);
      super.processWatermark(new Watermark(watermark));
    }
  }

  /** The watermark this operator passes on: {@code mark-delay} behind the one it got. */
  private long released() {
    return watermark == Long.MAX_VALUE || watermark < Long.MIN_VALUE + markDelayMillis
        ? watermark
        : watermark - markDelayMillis;
  }

  private void hold(EnrichedClick click) {
    unsent.add(new Waiting(click, arrivals++));
    unsentById.put(click.click.eventId, click);
  }

  private void match(EnrichedClick enriched) throws Exception {
    ClientClick click = ClientClick.of(enriched);
    setCurrentKey(click.visitorId);
    RecentClicks clicks = recent.value();
    if (clicks == null) {
      clicks = new RecentClicks();
    } else if (clicks.clicks.length > 0 && click.eventTime < clicks.lastEventTime()) {
      // Its client's later clicks were matched already (while the input was idle, or before a
      // restore, whose replay starts with no watermark): too late for the run.
      late.inc();
      mark(enriched, clicks.caughtAt(click.eventTime));
      return;
    } else if (clicks.clicks.length > 0
        && click.eventTime - clicks.lastEventTime() >= matcher.forgetAfterMillis()) {
      clicks.forgetClicks(); // no earlier click of the client can be in a run with this one
    }
    for (ClientPatternMatcher.Match match : matcher.add(clicks, click)) {
      String reason = match.pattern().botReason().code();
      clicks.caughtBy = reason;
      clicks.caughtUntil = click.eventTime + matcher.forgetAfterMillis();
      for (ClientClick inRun : match.clicks()) {
        EnrichedClick waiting = unsentById.get(inRun.eventId);
        if (waiting != null) {
          mark(waiting, reason);
        }
      }
      output.collect(
          BOT_CLIENTS, new StreamRecord<>(ClientPatternAlert.botClient(match), click.eventTime));
      output.collect(
          ALERTS,
          new StreamRecord<>(
              ClientPatternAlert.alert(match, dashboardUrlTemplate), click.eventTime));
    }
    mark(enriched, clicks.caughtAt(click.eventTime));
    recent.update(clicks);
  }

  /** Marks a human click as a bot's, for {@code reason} (null: not caught). */
  private void mark(EnrichedClick click, String reason) {
    if (reason != null && !click.isBot) {
      click.isBot = true;
      click.botReason = reason;
      marked.inc();
    }
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    unmatchedState.update(inOrder(unmatched));
    unsentState.update(inOrder(unsent));
  }

  private static List<EnrichedClick> inOrder(PriorityQueue<Waiting> queue) {
    List<Waiting> waiting = new ArrayList<>(queue);
    waiting.sort(Waiting.IN_EVENT_TIME);
    return waiting.stream().map(Waiting::click).toList();
  }
}
