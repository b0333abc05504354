package io.clickpulse.jobs.link;

import io.clickpulse.jobs.alert.Alert;
import io.clickpulse.jobs.metrics.PipelineCounter;
import io.clickpulse.jobs.pipeline.EnrichedClickFormat;
import io.clickpulse.udf.enrich.EnrichedClick;
import io.clickpulse.udf.link.ClickOnLink;
import io.clickpulse.udf.link.LinkChecks;
import io.clickpulse.udf.link.LinkEvent;
import io.clickpulse.udf.link.LinkEventType;
import io.clickpulse.udf.link.LinkFinding;
import io.clickpulse.udf.link.LinkState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Per link id, the link catalog and its join with the clicks, in one keyed operator so that a click
 * reads the state the link events wrote without a lookup.
 *
 * <p>Input 1, link events: the latest version ({@link LinkState}), the lifecycle checks on every
 * newer event (alerts out), a row per accepted event (side output {@link #ROWS}) and the accepted
 * events of bulk imports (side output {@link #IMPORTED}). Older or equal versions change nothing:
 * replays and redeliveries are quiet.
 *
 * <p>Input 2, enriched clicks: every click goes on (side output {@link #CLICKS}), stamped with the
 * catalog's campaign name, owner, tags, priority and contact id when the link is known, unchanged
 * and counted ({@value #UNKNOWN_LINK}) when not; never dropped. Human, non-test clicks are checked
 * by {@link ClickOnLink} (clicked after delete or expiry, expiring while clicked), each rule
 * alerting once per link and version, and move the link's last click time (which the
 * destination-change rules read). Clicks of unknown links write no state.
 *
 * <p>The two inputs meet in arrival order, not event time: a click read before its link's event
 * goes on unstamped, and a replayed click gets the link as it is now.
 *
 * <p>A deleted link is kept {@code deletedRetention} of event time (an event-time timer), then
 * forgotten with its alert marks; a link that comes back before that cancels the timer. Live links
 * are kept: they are few (one per link ever made).
 */
public class LinkLifecycleFunction
    extends KeyedCoProcessFunction<String, LinkEvent, EnrichedClick, Alert> {
  public static final OutputTag<LinkRow> ROWS = new OutputTag<>("link-rows") {};

  /** Accepted created/updated events that carry an import_id. */
  public static final OutputTag<LinkEvent> IMPORTED = new OutputTag<>("link-imported") {};

  /** Every click of input 2, stamped when the catalog knows its link. */
  public static final OutputTag<EnrichedClick> CLICKS =
      new OutputTag<>("link-clicks", EnrichedClickFormat.TYPE);

  /** Counter: clicks whose link the catalog does not know (no event, or forgotten after delete). */
  public static final String UNKNOWN_LINK = "clicks_unknown_link";

  /**
   * The last click time is written when it moves by at least this much: a state write per minute
   * and link instead of per click; the running window it serves is hours long.
   */
  static final long LAST_CLICK_RESOLUTION = Duration.ofMinutes(1).toMillis();

  private final LinkChecks checks;
  private final LinkAlerts alerts;
  private final long deletedRetention;

  private transient ValueState<LinkState> state;

  /** Click rule code → the link version it last alerted for: once per link, rule and version. */
  private transient MapState<String, Long> clickAlerted;

  private transient PipelineCounter unknownLink;

  public LinkLifecycleFunction(LinkChecks checks, LinkAlerts alerts, Duration deletedRetention) {
    this.checks = checks;
    this.alerts = alerts;
    this.deletedRetention = deletedRetention.toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    // "link" is the state name since part 2: savepoints of the one-input operator restore.
    state = getRuntimeContext().getState(new ValueStateDescriptor<>("link", LinkState.class));
    clickAlerted =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("click-alerted", Types.STRING, Types.LONG));
    unknownLink = PipelineCounter.register(getRuntimeContext(), UNKNOWN_LINK);
  }

  @Override
  public void processElement1(LinkEvent event, Context ctx, Collector<Alert> out) throws Exception {
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
  public void processElement2(EnrichedClick click, Context ctx, Collector<Alert> out)
      throws Exception {
    LinkState link = state.value();
    if (link == null) {
      unknownLink.inc();
      ctx.output(CLICKS, click);
      return;
    }
    stamp(click, link);
    long clickTime = click.click.eventTime;
    // Test traffic and known bots say nothing about a campaign: they neither alert nor make it
    // "running".
    if (!click.click.isTest && !click.isBot) {
      Optional<LinkFinding> finding = ClickOnLink.check(link, clickTime, checks.rules());
      if (finding.isPresent() && firstFor(finding.get(), link.version)) {
        out.collect(alerts.finding(finding.get(), link, clickTime));
      }
      if (clickTime >= link.lastClickAt + LAST_CLICK_RESOLUTION) {
        LinkState next = link.copy();
        next.clicked(clickTime);
        state.update(next);
      }
    }
    ctx.output(CLICKS, click);
  }

  /** Marks {@code finding}'s rule as alerted for {@code version}; false if it already was. */
  private boolean firstFor(LinkFinding finding, long version) throws Exception {
    String rule = finding.check().code();
    Long alerted = clickAlerted.get(rule);
    if (alerted != null && alerted == version) {
      return false;
    }
    clickAlerted.put(rule, version);
    return true;
  }

  /** Copies the catalog's fields onto the click; absent ones become empty. */
  static void stamp(EnrichedClick click, LinkState link) {
    click.campaignName = orEmpty(link.campaignName);
    click.linkOwner = orEmpty(link.owner);
    click.linkTags = link.tags == null ? new ArrayList<>() : new ArrayList<>(link.tags);
    click.linkPriority = orEmpty(link.priority);
    click.contactId = orEmpty(link.contactId);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
    LinkState current = state.value();
    if (current != null && current.deleted && current.deletedAt + deletedRetention <= timestamp) {
      state.clear();
      clickAlerted.clear();
    }
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
