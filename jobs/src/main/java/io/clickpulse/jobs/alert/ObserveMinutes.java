package io.clickpulse.jobs.alert;

import io.clickpulse.jobs.metrics.Counters;
import io.clickpulse.jobs.metrics.PipelineCounter;
import io.clickpulse.jobs.state.KeyedState;
import io.clickpulse.jobs.state.UnionSnapshot;
import io.clickpulse.jobs.wire.WireFormat;
import io.clickpulse.jobs.wire.WireTypeInfo;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Turns each subject's clicks (input keyed by {@link SubjectClick#subjectKey}) into {@link
 * MinuteObservation}s of its closed minutes, in event time, and keeps the subject's adaptive
 * baseline. A subject without clicks for {@code baseline.inactive-after} is forgotten, and so is
 * every subject when the input ends; if a run of anomalous minutes is open then, an {@link
 * MinuteObservation#end end} mark follows its last minute (the episode ends there).
 *
 * <p>Only the minutes that can matter to the {@link Episode} patterns are judged, when the
 * watermark passes them: minutes with clicks, the minute after an anomalous one (it ends or
 * continues the run), and a minute without clicks that would be a drop. The other minutes without
 * clicks are calm and follow a calm minute, which no pattern needs to see ({@link
 * Episode#matters}); the baseline learns them all at once before the next judged minute, exactly as
 * if each had been judged. How a minute is judged and learnt, and which silent minute to watch, is
 * {@link SubjectJudge}'s (plain Java, also what {@code ./clickpulse evaluate} runs).
 *
 * <p>Why an operator and not a keyed function with timers: with a long tail of links, nearly every
 * click opens a minute of its own subject. The minutes still open (within the watermark's lag) are
 * counted on the heap, and the watermark closes them, so a click costs no state access and no
 * timer; a subject's baseline is read and written once per judged minute. A forgotten subject's
 * baseline is dropped lazily (its next click finds it more than {@code inactive-after} old) and
 * expires by state TTL an hour after that, so no timer waits two hours per subject either.
 */
public class ObserveMinutes extends AbstractStreamOperator<MinuteObservation>
    implements OneInputStreamOperator<SubjectClick, MinuteObservation> {
  private static final long MINUTE = 60_000;
  private static final int MAX_EVIDENCE_KEYS = 20;
  private static final String OTHER = "(other)";

  /** A subject's baseline is kept this long after it is forgotten (processing time). */
  static final Duration KEEP_ACROSS_STOPS = Duration.ofHours(1);

  /** Counts of a minute that has not closed yet. */
  public static class PendingMinute {
    public long clicks;

    /** Of {@link #clicks}, those from clocks running ahead. */
    public long clockAheadClicks;

    public long humanClicks;
    public long redirectErrors;
    public Map<String, Long> referrers = new HashMap<>();
    public Map<String, Long> countries = new HashMap<>();

    /**
     * Campaign subjects only: clicks per link (bounded), each with its constant attributes; one
     * entry per link and minute, counted in place, so a click allocates nothing here.
     */
    public Map<String, AlertContext.LinkCount> links;

    /** Failed redirects (rare), per status and per destination; null until the first. */
    public Map<Integer, Long> errorStatuses;

    public Map<String, Long> failingDestinations;

    void countLink(SubjectClick click) {
      if (links == null) {
        links = new HashMap<>();
      }
      AlertContext.LinkCount link = links.get(click.linkId);
      if (link == null) {
        boolean room = links.size() < MAX_EVIDENCE_KEYS;
        link = links.computeIfAbsent(room ? click.linkId : OTHER, AlertContext.LinkCount::new);
        if (room) {
          link.shortUrl = click.shortUrl;
          link.destinationUrl = click.destinationUrl;
          link.channel = click.channel;
          link.utmSource = click.utmSource;
          link.utmMedium = click.utmMedium;
        }
      }
      link.clicks++;
    }

    void countError(SubjectClick click) {
      if (errorStatuses == null) {
        errorStatuses = new HashMap<>();
        failingDestinations = new HashMap<>();
      }
      errorStatuses.merge(click.redirectStatus, 1L, Long::sum);
      addBounded(failingDestinations, click.destinationUrl);
    }
  }

  /**
   * One subject's open minute, or (without counts) a minute of it without clicks that must be
   * judged: the heap entries, also as checkpointed.
   */
  public static class OpenMinute {
    public long minute;
    public String subjectKey;

    /** The subject's latest click in the minute; null for a watched minute without clicks. */
    public SubjectClick last;

    public PendingMinute counts;

    public OpenMinute() {}

    OpenMinute(long minute, String subjectKey) {
      this.minute = minute;
      this.subjectKey = subjectKey;
    }
  }

  /**
   * What is kept of a subject between its judged minutes: its baseline and latest click. Keyed
   * state, written at every judged minute in its {@link Format} (savepoints from before it hold it
   * as a POJO, migrated on restore).
   */
  public static class ObservedSubject {
    /** The state's type. */
    public static final WireTypeInfo<ObservedSubject> TYPE =
        new WireTypeInfo<>(ObservedSubject.class, new Format());

    public Baseline baseline = new Baseline();
    public SubjectClick last;

    /** The baseline's fields, then the latest click if there is one. */
    public static final class Format implements WireFormat<ObservedSubject> {
      private static final long serialVersionUID = 1L;
      private static final SubjectClick.Format CLICK = new SubjectClick.Format();

      @Override
      public void write(ObservedSubject subject, DataOutputView out) throws IOException {
        subject.baseline.write(out);
        out.writeBoolean(subject.last != null);
        if (subject.last != null) {
          CLICK.write(subject.last, out);
        }
      }

      @Override
      public ObservedSubject read(DataInputView in) throws IOException {
        ObservedSubject subject = new ObservedSubject();
        subject.baseline = Baseline.read(in);
        subject.last = in.readBoolean() ? CLICK.read(in) : null;
        return subject;
      }
    }
  }

  private final AlertRules rules;
  private final SubjectJudge judge;

  /** Per minute (its start), each subject's open minute there. */
  private transient TreeMap<Long, Map<String, OpenMinute>> minutes;

  private transient UnionSnapshot<OpenMinute> minutesState;
  private transient ValueState<ObservedSubject> subjects;
  private transient PipelineCounter late;
  private transient PipelineCounter judged;
  private transient long inactiveAfterMillis;
  private transient long watermark;

  public ObserveMinutes(AlertRules rules) {
    this.rules = rules;
    this.judge = new SubjectJudge(rules);
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    minutes = new TreeMap<>();
    watermark = Long.MIN_VALUE;
    minutesState =
        UnionSnapshot.register(
            context,
            getRuntimeContext().getTaskInfo(),
            "open-minutes",
            OpenMinute.class,
            o -> o.subjectKey);
    for (OpenMinute m : minutesState.restored()) {
      minutes.computeIfAbsent(m.minute, x -> new HashMap<>()).put(m.subjectKey, m);
    }
  }

  @Override
  public void open() throws Exception {
    super.open();
    inactiveAfterMillis = AlertRules.parse(rules.baseline().inactiveAfter).toMillis();
    ValueStateDescriptor<ObservedSubject> descriptor =
        new ValueStateDescriptor<>("subject", ObservedSubject.TYPE);
    descriptor.enableTimeToLive(
        KeyedState.expiringAfterLastWrite(
            Duration.ofMillis(inactiveAfterMillis).plus(KEEP_ACROSS_STOPS)));
    subjects = getRuntimeContext().getState(descriptor);
    late = PipelineCounter.register(getRuntimeContext(), Counters.ALERT_RULES_LATE);
    judged = PipelineCounter.register(getRuntimeContext(), "alert_subject_minutes");
  }

  @Override
  public void processElement(StreamRecord<SubjectClick> element) throws Exception {
    SubjectClick click = element.getValue();
    long minute = click.eventTime - Math.floorMod(click.eventTime, MINUTE);
    if (minute + MINUTE - 1 <= watermark) {
      // The minute was already judged; its aggregates still count this click.
      late.inc();
      return;
    }
    String key = click.subjectKey();
    OpenMinute open =
        minutes
            .computeIfAbsent(minute, m -> new HashMap<>())
            .computeIfAbsent(key, k -> new OpenMinute(minute, k));
    if (open.counts == null) {
      open.counts = new PendingMinute();
    }
    PendingMinute counts = open.counts;
    counts.clicks++;
    counts.clockAheadClicks += click.clockAhead ? 1 : 0;
    counts.humanClicks += click.human ? 1 : 0;
    counts.redirectErrors += click.redirectError ? 1 : 0;
    addBounded(counts.referrers, click.referrerDomain);
    addBounded(counts.countries, click.country);
    if (click.redirectError) {
      counts.countError(click);
    }
    if (SubjectClick.CAMPAIGN.equals(click.subjectType)) {
      counts.countLink(click);
    }
    if (open.last == null || click.eventTime > open.last.eventTime) {
      open.last = click;
    }
  }

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    watermark = mark.getTimestamp();
    // Minutes in order: a minute judged here may ask for a later one to be watched.
    while (!minutes.isEmpty() && minutes.firstKey() + MINUTE - 1 <= watermark) {
      for (OpenMinute open : minutes.pollFirstEntry().getValue().values()) {
        setCurrentKey(open.subjectKey);
        close(open);
      }
    }
    super.processWatermark(mark);
  }

  /**
   * Judges a subject's closed minute (with clicks, or watched without) and what follows from it.
   */
  private void close(OpenMinute open) throws Exception {
    judged.inc();
    ObservedSubject subject = subjects.value();
    long minute = open.minute;
    if (open.counts != null) {
      if (subject == null || minute > lastMinute(subject.last)) {
        subject = new ObservedSubject(); // new, or forgotten since: its minutes start anew
      }
      if (subject.last == null || open.last.eventTime > subject.last.eventTime) {
        subject.last = open.last;
      }
    } else if (subject == null || minute != subject.baseline.watchedMinute) {
      return; // watched no longer: the subject clicked since, or was forgotten
    }
    Baseline b = subject.baseline;
    long lastMinute = lastMinute(subject.last);
    boolean onlyClocksAhead =
        open.counts == null || open.counts.clicks == open.counts.clockAheadClicks;
    if (onlyClocksAhead && watermark == Long.MAX_VALUE && !clicksLater(open)) {
      // End of input (a bounded run or a drained stop) is not silence: minutes after the last
      // click are not observed, or every subject would seem to drop to zero; nor are minutes
      // with only clicks from clocks running ahead, whose own time has not come when the input
      // ends. Any episode still open ends here.
      end(subject, b.nextMinute, minute);
      return;
    }
    SubjectClick last = subject.last;
    judge.learnSilence(b, minute, m -> about(last, m));
    observe(subject.last, b, minute, open.counts == null ? new PendingMinute() : open.counts);
    if (minute >= lastMinute) {
      end(subject, lastMinute + MINUTE, minute);
      return;
    }
    b.watchedMinute = judge.nextMinuteToWatch(b, lastMinute, m -> about(last, m));
    if (b.watchedMinute > 0) {
      String key = open.subjectKey;
      minutes
          .computeIfAbsent(b.watchedMinute, m -> new HashMap<>())
          .computeIfAbsent(key, k -> new OpenMinute(b.watchedMinute, k));
    }
    subjects.update(subject);
  }

  /**
   * Whether the subject has clicks in a minute after {@code open}'s, still to be judged, other than
   * from clocks running ahead: at the end of input those are no sign that the minutes before them
   * were silent (the input ended before their time came).
   */
  private boolean clicksLater(OpenMinute open) {
    return minutes.tailMap(open.minute, false).values().stream()
        .map(later -> later.get(open.subjectKey))
        .anyMatch(
            later ->
                later != null
                    && later.counts != null
                    && later.counts.clicks > later.counts.clockAheadClicks);
  }

  /** Judges one closed minute and emits it. */
  private void observe(SubjectClick subject, Baseline b, long minute, PendingMinute counts) {
    MinuteObservation o = about(subject, minute);
    o.clicks = counts.clicks;
    o.humanClicks = counts.humanClicks;
    o.redirectErrors = counts.redirectErrors;
    // Constant per link: the latest click's. A campaign's links differ (see linkCounts).
    if (SubjectClick.LINK.equals(subject.subjectType)) {
      o.shortUrl = subject.shortUrl;
      o.destinationUrl = subject.destinationUrl;
      o.linkDomain = subject.linkDomain;
      o.channel = subject.channel;
      o.utmSource = subject.utmSource;
      o.utmMedium = subject.utmMedium;
    }
    o.utmCampaign = subject.utmCampaign;
    o.campaignName = SubjectClick.orEmpty(subject.campaignName);
    judge.judge(o, b);
    if (Episode.mattersToAny(o)) {
      addContext(o, counts);
    }
    output.collect(new StreamRecord<>(o, minute + MINUTE - 1));
  }

  /**
   * What an alert says about the minute. Only for the minutes an episode's patterns see: the others
   * are filtered out before them (most minutes), and this took a fifth of the operator's CPU.
   */
  private static void addContext(MinuteObservation o, PendingMinute counts) {
    o.referrerCounts = counts.referrers.isEmpty() ? null : AlertContext.top(counts.referrers);
    o.countryCounts = counts.countries.isEmpty() ? null : AlertContext.top(counts.countries);
    o.topReferrers = evidence(o.referrerCounts);
    o.topCountries = evidence(o.countryCounts);
    if (counts.links != null) {
      o.linkCounts = AlertContext.topLinks(counts.links);
    }
    if (counts.errorStatuses != null) {
      o.statusCounts = AlertContext.statuses(counts.errorStatuses);
      o.failingDestinationCounts = AlertContext.top(counts.failingDestinations);
    }
  }

  /**
   * Stops observing the subject and forgets it; if its last minute was anomalous, says so
   * downstream (the open episode ends here), stamped like the minute being closed.
   */
  private void end(ObservedSubject subject, long firstUnobservedMinute, long closing) {
    Baseline b = subject.baseline;
    if (b.lastSpike || b.lastDrop || b.lastBroken) {
      MinuteObservation end = about(subject.last, firstUnobservedMinute);
      end.end = true;
      output.collect(new StreamRecord<>(end, closing + MINUTE - 1));
    }
    subjects.clear();
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    List<OpenMinute> all = new ArrayList<>();
    minutes.values().forEach(m -> all.addAll(m.values()));
    minutesState.update(all);
  }

  /**
   * The subject's last observed minute: the one that closes {@code baseline.inactive-after} after
   * its last click.
   */
  private long lastMinute(SubjectClick last) {
    long quietFrom = last.eventTime + inactiveAfterMillis - MINUTE;
    return quietFrom + Math.floorMod(-quietFrom, MINUTE);
  }

  /** A minute of the subject, or a mark, with nothing counted or judged yet. */
  private MinuteObservation about(SubjectClick subject, long minute) {
    MinuteObservation o = new MinuteObservation();
    o.subjectType = subject.subjectType;
    o.subjectId = subject.subjectId;
    o.linkId = SubjectClick.LINK.equals(subject.subjectType) ? subject.linkId : "";
    o.campaignId = subject.campaignId;
    o.owner = rules.owner(o.linkId, subject.campaignId, subject.owner);
    o.minute = minute;
    return o;
  }

  private static void addBounded(Map<String, Long> counts, String key) {
    if (counts.containsKey(key) || counts.size() < MAX_EVIDENCE_KEYS) {
      counts.merge(key, 1L, Long::sum);
    } else {
      counts.merge(OTHER, 1L, Long::sum);
    }
  }

  /** "example.com=12, (direct)=3": the top three, as evidence. */
  private static String evidence(List<AlertContext.Count> top) {
    return top == null
        ? ""
        : top.stream().limit(3).map(Object::toString).collect(Collectors.joining(", "));
  }
}
