package io.clickpulse.jobs.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.cep.nfa.compiler.NFACompiler;
import org.apache.flink.cep.operator.CepOperator;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/**
 * The episode operators as {@link AlertDetection#episodes} wires them, in test harnesses: per
 * {@link Episode} the minutes that {@link Episode#matters matter} to it (or, {@link #unfiltered},
 * all of them) into a CEP operator for the onset and one for the end (built as {@code
 * CEP.pattern(...).inEventTime().process(...)} builds them: event time, the patterns' skip
 * strategy, minute order within a timestamp), then {@link OrderEpisodeAlerts} keyed by alert id.
 *
 * <p>A watermark is passed to every CEP operator, and what they emit goes on to the order step
 * before the watermark does, as on a real channel. The end operators' alerts go first: the worst
 * case of the race between the two operators, in which a resolution arrives before its firing.
 */
final class EpisodeOperators implements AutoCloseable {
  private static final long MINUTE = 60_000;

  private final List<KeyedOneInputStreamOperatorTestHarness<String, MinuteObservation, Alert>>
      onsets = new ArrayList<>();
  private final List<KeyedOneInputStreamOperatorTestHarness<String, MinuteObservation, Alert>>
      ends = new ArrayList<>();
  private final KeyedOneInputStreamOperatorTestHarness<String, Alert, Alert> order;

  /** What each CEP operator has passed on to the order step so far. */
  private final int[] passed;

  private boolean filtered = true;

  private EpisodeOperators(AlertRules rules, StateBackend backend) throws Exception {
    for (Episode episode : Episode.values()) {
      onsets.add(pattern(episode, true, rules, backend));
      ends.add(pattern(episode, false, rules, backend));
    }
    order =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new OrderEpisodeAlerts()), a -> a.alertId, Types.STRING);
    if (backend != null) {
      order.setStateBackend(backend);
    }
    passed = new int[2 * Episode.values().length];
  }

  static EpisodeOperators open(AlertRules rules) throws Exception {
    return open(rules, null, null);
  }

  /** Opened from a {@link #snapshot}, or fresh when it is null; on the given backend, or heap. */
  static EpisodeOperators open(AlertRules rules, OperatorSubtaskState[] from, StateBackend backend)
      throws Exception {
    EpisodeOperators e = new EpisodeOperators(rules, backend);
    List<KeyedOneInputStreamOperatorTestHarness<?, ?, ?>> all = e.all();
    for (int i = 0; i < all.size(); i++) {
      if (from != null) {
        all.get(i).initializeState(from[i]);
      }
      all.get(i).open();
    }
    return e;
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, MinuteObservation, Alert> pattern(
      Episode episode, boolean firing, AlertRules rules, StateBackend backend) throws Exception {
    Pattern<MinuteObservation, ?> pattern = firing ? episode.onset(rules) : episode.end(rules);
    var harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new CepOperator<>(
                TypeInformation.of(MinuteObservation.class)
                    .createSerializer(new SerializerConfigImpl()),
                false,
                NFACompiler.compileFactory(pattern, false),
                new Episode.InMinuteOrder(),
                pattern.getAfterMatchSkipStrategy(),
                new EpisodeAlerts(episode, firing, rules.dashboardUrlTemplate()),
                null),
            MinuteObservation::subjectKey,
            Types.STRING);
    if (backend != null) {
      harness.setStateBackend(backend);
    }
    return harness;
  }

  private List<KeyedOneInputStreamOperatorTestHarness<?, ?, ?>> all() {
    List<KeyedOneInputStreamOperatorTestHarness<?, ?, ?>> all = new ArrayList<>(ends);
    all.addAll(onsets);
    all.add(order);
    return all;
  }

  /** A minute or mark, stamped as {@link ObserveMinutes} stamps it unless given a timestamp. */
  void element(MinuteObservation o) throws Exception {
    element(o, o.minute + MINUTE - 1);
  }

  void element(MinuteObservation o, long timestamp) throws Exception {
    for (Episode episode : Episode.values()) {
      if (!filtered || episode.matters(o)) {
        onsets.get(episode.ordinal()).processElement(new StreamRecord<>(o, timestamp));
        ends.get(episode.ordinal()).processElement(new StreamRecord<>(o, timestamp));
      }
    }
  }

  /** Every minute to every pattern, none filtered out. */
  EpisodeOperators unfiltered() {
    filtered = false;
    return this;
  }

  /**
   * The watermark through the CEP operators, their alerts (the end ones' first), the order step.
   */
  void watermark(long watermark) throws Exception {
    List<KeyedOneInputStreamOperatorTestHarness<String, MinuteObservation, Alert>> patterns =
        new ArrayList<>(ends);
    patterns.addAll(onsets);
    for (int i = 0; i < patterns.size(); i++) {
      var h = patterns.get(i);
      h.processWatermark(watermark);
      List<StreamRecord<? extends Alert>> out = h.extractOutputStreamRecords();
      for (StreamRecord<? extends Alert> r : out.subList(passed[i], out.size())) {
        order.processElement(new StreamRecord<>(r.getValue(), r.getTimestamp()));
      }
      passed[i] = out.size();
    }
    order.processWatermark(watermark);
  }

  /** Every alert the order step let out, in order. */
  List<Alert> alerts() {
    return order.extractOutputValues();
  }

  OperatorSubtaskState[] snapshot(long checkpointId, long timestamp) throws Exception {
    List<KeyedOneInputStreamOperatorTestHarness<?, ?, ?>> all = all();
    OperatorSubtaskState[] states = new OperatorSubtaskState[all.size()];
    for (int i = 0; i < all.size(); i++) {
      states[i] = all.get(i).snapshot(checkpointId, timestamp);
    }
    return states;
  }

  /** No keyed state (partial matches, buffered minutes, held alerts) and no timers, anywhere. */
  void assertNothingLeft() {
    for (var h : all()) {
      String operator = h.getOperator().getClass().getSimpleName();
      assertEquals(0, h.numKeyedStateEntries(), "keyed state left in " + operator);
      assertEquals(0, h.numEventTimeTimers(), "event-time timers left in " + operator);
      assertEquals(0, h.numProcessingTimeTimers(), "processing-time timers left in " + operator);
    }
  }

  @Override
  public void close() throws Exception {
    for (var h : all()) {
      h.close();
    }
  }
}
