package io.clickpulse.jobs.alert;

import io.clickpulse.jobs.metrics.PipelineCounter;
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
import org.apache.flink.util.OutputTag;

/**
 * The bot patterns of one client (keyed by visitor id), in event time: clicks wait until the
 * watermark passes them, then go through the {@link ClientPatternMatcher} in timestamp order, as
 * CEP would order them. Matches become alerts and, on the side, {@code bot_clients} rows.
 *
 * <p>One keyed function for all patterns instead of a CEP operator per pattern: with CEP each click
 * of every client was buffered and matched three times in RocksDB, and those operators took 80 % of
 * the pipeline's CPU (bench/results.md). A client's state is forgotten once its last click is older
 * than the longest pattern window.
 */
public class DetectClientPatterns extends KeyedProcessFunction<Long, ClientClick, Alert> {
  public static final OutputTag<BotClient> BOT_CLIENTS = new OutputTag<>("bot-clients") {};
  private static final long SECOND = 1000;

  private final ClientPatternMatcher matcher;
  private final String dashboardUrlTemplate;

  private transient ListState<ClientClick> waiting;
  private transient ValueState<RecentClicks> recent;
  private transient ValueState<Long> forgetAt;
  private transient PipelineCounter late;

  public DetectClientPatterns(AlertRules rules) {
    this.matcher = new ClientPatternMatcher(rules.bots());
    this.dashboardUrlTemplate = rules.dashboardUrlTemplate();
  }

  @Override
  public void open(OpenContext openContext) {
    waiting =
        getRuntimeContext().getListState(new ListStateDescriptor<>("waiting", ClientClick.class));
    recent = getRuntimeContext().getState(new ValueStateDescriptor<>("recent", RecentClicks.class));
    forgetAt = getRuntimeContext().getState(new ValueStateDescriptor<>("forget-at", Long.class));
    late = PipelineCounter.register(getRuntimeContext(), "bot_patterns_late_clicks");
  }

  @Override
  public void processElement(ClientClick click, Context ctx, Collector<Alert> out)
      throws Exception {
    if (click.eventTime <= ctx.timerService().currentWatermark()) {
      // Its place in the client's sequence has passed; the click itself is stored as usual.
      late.inc();
      return;
    }
    waiting.add(click);
    // One timer per client and second of event time rather than per click: fewer timers to keep.
    ctx.timerService().registerEventTimeTimer(ceilToSecond(click.eventTime));
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
    long watermark = ctx.timerService().currentWatermark();
    List<ClientClick> ready = new ArrayList<>();
    List<ClientClick> notYet = new ArrayList<>();
    Iterable<ClientClick> all = waiting.get();
    if (all != null) {
      for (ClientClick click : all) {
        (click.eventTime <= watermark ? ready : notYet).add(click);
      }
    }
    RecentClicks clicks = recent.value();
    if (!ready.isEmpty()) {
      if (clicks == null) {
        clicks = new RecentClicks();
      }
      ready.sort(Comparator.comparingLong(c -> c.eventTime));
      for (ClientClick click : ready) {
        for (ClientPatternMatcher.Match match : matcher.add(clicks, click)) {
          ctx.output(BOT_CLIENTS, ClientPatternAlert.botClient(match));
          out.collect(ClientPatternAlert.alert(match, dashboardUrlTemplate));
        }
      }
      waiting.update(notYet);
      recent.update(clicks);
    }
    if (clicks != null && notYet.isEmpty()) {
      forgetWhenIdle(clicks.lastEventTime() + matcher.forgetAfterMillis(), watermark, ctx);
    }
  }

  /** Clears the client once the watermark passes {@code at}, or sets the timer that will. */
  private void forgetWhenIdle(long at, long watermark, OnTimerContext ctx) throws Exception {
    Long scheduled = forgetAt.value();
    if (at <= watermark) {
      if (scheduled != null && scheduled > watermark) {
        ctx.timerService().deleteEventTimeTimer(scheduled);
      }
      waiting.clear();
      recent.clear();
      forgetAt.clear();
    } else if (scheduled == null || scheduled != at) {
      if (scheduled != null) {
        ctx.timerService().deleteEventTimeTimer(scheduled);
      }
      ctx.timerService().registerEventTimeTimer(at);
      forgetAt.update(at);
    }
  }

  private static long ceilToSecond(long time) {
    return time + Math.floorMod(-time, SECOND);
  }
}
