package io.clickpulse.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.jobs.aggregate.MinuteAggregate;
import io.clickpulse.jobs.alert.Alert;
import io.clickpulse.jobs.config.ClickPipelineConfig;
import io.clickpulse.jobs.kafka.RawRecord;
import io.clickpulse.jobs.metrics.Counters;
import io.clickpulse.jobs.testing.ClickJson;
import io.clickpulse.jobs.testing.GraphSinks;
import io.clickpulse.jobs.testing.GraphSources;
import io.clickpulse.jobs.testing.JsonSchemas;
import io.clickpulse.jobs.testing.MiniClusters;
import io.clickpulse.udf.enrich.EnrichedClick;
import io.clickpulse.udf.event.RejectReason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamEdge;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.streaming.runtime.partitioner.KeyGroupStreamPartitioner;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole {@link ClickPipelineJob} graph on a MiniCluster, without engines: an in-memory input
 * read through the real deserializer, every sink collecting. Expected figures come from the input
 * as planted here, not from the pipeline.
 */
class ClickPipelineGraphTest {
  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.withSlots(1);

  /** Midnight UTC of a day in 2026. */
  private static final long T0 =
      1_795_000_000_000L - Math.floorMod(1_795_000_000_000L, 86_400_000L);

  private static final long MINUTE = 60_000;
  private static final int SPIKE_MINUTE = 60;

  /** The input as planted, record by record, with what each one is. */
  private static final class Input {
    final List<byte[]> values = new ArrayList<>();
    final List<Long> recordTimes = new ArrayList<>();
    final Map<String, Long> uniqueByLinkMinute = new TreeMap<>();
    int unique;
    int duplicates;
    int conflicts;
    int malformed;

    void send(byte[] value, long recordTime) {
      values.add(value);
      recordTimes.add(recordTime);
    }

    void click(String id, String link, long eventTime) {
      byte[] value =
          ClickJson.click(id, eventTime, link)
              .set("campaign_id", "c1")
              .set("ip", ip(unique))
              .bytes();
      send(value, eventTime + 100);
      unique++;
      uniqueByLinkMinute.merge(link + "@" + (eventTime - eventTime % MINUTE), 1L, Long::sum);
      if (unique % 40 == 0) { // an exact repeat, as a producer retry sends it
        send(value, eventTime + 200);
        duplicates++;
      }
      if (unique % 700 == 0) { // the same id with other content
        send(
            ClickJson.click(id, eventTime, link)
                .set("campaign_id", "c1")
                .set("country", "FR")
                .bytes(),
            eventTime + 300);
        conflicts++;
      }
      if (unique % 500 == 0) {
        send("{\"event_id\": \"broken".getBytes(StandardCharsets.UTF_8), eventTime + 300);
        malformed++;
      }
    }

    /** Puts the records in the order a producer sends them: by record time. */
    void inArrivalOrder() {
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < values.size(); i++) {
        order.add(i);
      }
      order.sort(java.util.Comparator.comparing(recordTimes::get));
      List<byte[]> sortedValues = order.stream().map(values::get).toList();
      List<Long> sortedTimes = order.stream().map(recordTimes::get).toList();
      values.clear();
      values.addAll(sortedValues);
      recordTimes.clear();
      recordTimes.addAll(sortedTimes);
    }

    /** One visitor per click: no client pattern (burst, scan, metronome) anywhere. */
    private static String ip(int n) {
      return "198.51." + (n / 250) + "." + (n % 250 + 1);
    }
  }

  /**
   * Link l1 at 10 clicks a minute for an hour, 120 a minute for 5 minutes (the spike), then 10
   * again; link l2 steady at 3 a minute throughout.
   */
  private static Input plantedInput() {
    Input in = new Input();
    int id = 0;
    for (int m = 0; m < 75; m++) {
      int l1 = m >= SPIKE_MINUTE && m < SPIKE_MINUTE + 5 ? 120 : 10;
      int l2 = 3;
      int n = l1 + l2;
      for (int j = 0; j < n; j++) {
        long time = T0 + m * MINUTE + j * (MINUTE / n);
        // Every (n / l2)-th click of the minute, l2 times, is on l2.
        in.click("e" + id++, j % (n / l2) == 0 && j / (n / l2) < l2 ? "l2" : "l1", time);
      }
    }
    return in;
  }

  /** What the graph wrote to each sink, and its counters. */
  private static final class Run extends GraphSinks {
    JobExecutionResult result;

    static Run of(Input in) throws Exception {
      ClickPipelineConfig config = ClickPipelineConfig.from(GraphSources.settings(Map.of()));
      Run run = new Run();
      List<byte[]> values = List.copyOf(in.values);
      List<Long> times = List.copyOf(in.recordTimes);
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      env.setParallelism(1);
      new ClickPipelineJob(config)
          .build(
              env,
              GraphSources.clicks(config, values.size(), i -> record(values, times, i)),
              run.sinks()); // no link source: no link stage in these runs
      run.result = env.execute("click-pipeline-graph");
      return run;
    }

    /** Human clicks per link and minute, from the minute aggregates. */
    Map<String, Long> humanClicks() {
      Map<String, Long> human = new TreeMap<>();
      for (MinuteAggregate a : minutes.collected()) {
        human.merge(a.key.linkId + "@" + a.windowStart, a.clicks - a.botClicks, Long::sum);
      }
      return human;
    }
  }

  /**
   * Every keyed edge a click crosses, per click, carries its records in a wire format (a tenth of
   * the pipeline's CPU went into Flink's reflective POJO serializer on them): from the event-time
   * judge to dedup, enrich to the client patterns, the clicks to the minute windows and to the
   * minute observer.
   */
  @Test
  void everyPerClickShuffleCarriesAWireFormat() {
    ClickPipelineConfig config = ClickPipelineConfig.from(GraphSources.settings(Map.of()));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    new ClickPipelineJob(config)
        .build(env, GraphSources.clicks(config, 1, i -> null), new GraphSinks().sinks());
    StreamGraph graph = env.getStreamGraph();
    Map<String, String> keyedEdges = new TreeMap<>();
    for (StreamNode node : graph.getStreamNodes()) {
      for (StreamEdge edge : node.getOutEdges()) {
        if (edge.getPartitioner() instanceof KeyGroupStreamPartitioner) {
          keyedEdges.put(
              node.getOperatorName()
                  + " -> "
                  + graph.getStreamNode(edge.getTargetId()).getOperatorName(),
              node.getTypeSerializerOut().getClass().getSimpleName());
        }
      }
    }
    for (String edge :
        List.of(
            "event-time -> deduplicate",
            "enrich -> client-patterns",
            "minute-clicks -> minute-aggregates",
            "alert-subjects -> observe-minutes")) {
      assertEquals("WireSerializer", keyedEdges.get(edge), edge + " in " + keyedEdges);
    }
  }

  @Test
  void countsAggregatesAndAlertsFollowTheInput() throws Exception {
    Input in = plantedInput();
    Run run = Run.of(in);
    var clicks = run.clicks;
    var minutes = run.minutes;
    var late = run.late;
    var deadLetters = run.deadLetters;
    var deadLetterTable = run.deadLetterTable;
    var duplicates = run.duplicates;
    var alertsTopic = run.alertsTopic;
    var alertsTable = run.alertsTable;
    JobExecutionResult result = run.result;

    // Every record is stored, rejected or a duplicate, each as planted.
    int received = in.values.size();
    assertEquals(in.unique, clicks.collected().size(), "stored");
    assertEquals(in.duplicates, duplicates.collected().size(), "duplicates");
    assertEquals(in.malformed + in.conflicts, deadLetters.collected().size(), "rejected");
    assertEquals(
        received,
        clicks.collected().size() + deadLetters.collected().size() + duplicates.collected().size());
    assertEquals(deadLetters.collected().size(), deadLetterTable.collected().size());
    Map<String, Long> reasons =
        deadLetters.collected().stream()
            .collect(Collectors.groupingBy(d -> d.reason, Collectors.counting()));
    assertEquals(
        Map.of(
            RejectReason.MALFORMED_JSON.code(), (long) in.malformed,
            RejectReason.DUPLICATE_CONFLICT.code(), (long) in.conflicts),
        reasons);
    // The job's own counters reconcile the same way.
    assertEquals(received, counter(result, Counters.RECEIVED));
    assertEquals(in.unique, counter(result, Counters.ACCEPTED));
    assertEquals(in.duplicates, counter(result, Counters.DUPLICATES));
    assertEquals(
        in.malformed, counter(result, Counters.rejected(RejectReason.MALFORMED_JSON.code())));
    assertEquals(
        in.conflicts, counter(result, Counters.rejected(RejectReason.DUPLICATE_CONFLICT.code())));

    // Nothing was late, so the minute aggregates hold every stored click, per link and minute.
    assertEquals(List.of(), late.collected());
    Map<String, Long> perLinkMinute = new TreeMap<>();
    for (MinuteAggregate a : minutes.collected()) {
      perLinkMinute.merge(a.key.linkId + "@" + a.windowStart, a.clicks, Long::sum);
    }
    assertEquals(in.uniqueByLinkMinute, perLinkMinute);

    // The planted spike fires on its link, from its second minute (the first with two minutes of
    // evidence); the steady link has none.
    List<Alert> spikes =
        alertsTopic.collected().stream()
            .filter(a -> a.rule.equals("spike") && a.subjectType.equals("link"))
            .toList();
    assertTrue(
        spikes.stream()
            .anyMatch(
                a ->
                    a.subjectId.equals("l1")
                        && a.status.equals("firing")
                        && a.windowStart == T0 + (SPIKE_MINUTE + 1) * MINUTE),
        alertsTopic.collected().toString());
    assertTrue(spikes.stream().noneMatch(a -> a.subjectId.equals("l2")), spikes.toString());
    assertEquals(alertsTopic.collected().size(), alertsTable.collected().size());
    alertsTopic.collected().forEach(JsonSchemas::assertValidAlert);
  }

  /**
   * Link l1 at 10 human clicks a minute for 70 minutes; from minute 40 to 43 one client (one IP,
   * one user agent) clicks it 5 times a second: a burst bot that would be a 300-a-minute spike.
   */
  @Test
  void aPlantedBurstLeavesTheHumanCountsAndTheSpikeBaselineAlone() throws Exception {
    Input in = new Input();
    Map<String, Long> humans = new TreeMap<>();
    int id = 0;
    for (int m = 0; m < 70; m++) {
      for (int j = 0; j < 10; j++) {
        long time = T0 + m * MINUTE + j * 6_000L;
        in.click("h" + id++, "l1", time);
        humans.merge("l1@" + (T0 + m * MINUTE), 1L, Long::sum);
      }
    }
    int botClicks = 0;
    for (long t = T0 + 40 * MINUTE + 100; t < T0 + 43 * MINUTE; t += 200) {
      in.send(
          ClickJson.click("b" + botClicks++, t, "l1")
              .set("campaign_id", "c1")
              .set("ip", "203.0.113.7")
              .set("user_agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/124.0")
              .bytes(),
          t + 100);
    }
    in.inArrivalOrder();

    Run run = Run.of(in);

    assertEquals(in.unique + botClicks, run.clicks.collected().size(), "every click is stored");
    List<EnrichedClick> marked =
        run.clicks.collected().stream().filter(c -> c.click.eventId.startsWith("b")).toList();
    assertTrue(
        marked.stream().allMatch(c -> c.isBot && c.botReason.equals("burst_pattern")),
        "every click of the burst, its first ones included, is a bot's: "
            + marked.stream()
                .filter(c -> !c.isBot)
                .map(c -> c.click.eventId + "@" + (c.click.eventTime - T0) + "/" + c.botReason)
                .toList());
    assertTrue(
        run.clicks.collected().stream()
            .filter(c -> c.click.eventId.startsWith("h"))
            .noneMatch(c -> c.isBot));
    assertEquals(humans, run.humanClicks(), "human clicks per minute: only the humans");
    assertTrue(
        run.alertsTopic.collected().stream().noneMatch(a -> a.rule.equals("spike")),
        "the spike rule's counts (and so its baseline) never saw the bot: "
            + run.alertsTopic.collected());
    assertTrue(
        run.alertsTopic.collected().stream().anyMatch(a -> a.rule.equals("bot_burst")),
        run.alertsTopic.collected().toString());
  }

  private static long counter(JobExecutionResult result, String name) {
    Object value = result.getAccumulatorResult(name);
    return value == null ? 0 : ((Number) value).longValue();
  }

  /** The planted record {@code i} as partition 0 of {@code clicks.raw}. */
  private static RawRecord record(List<byte[]> values, List<Long> times, int i) {
    return new RawRecord("clicks.raw", 0, i, times.get(i), values.get(i));
  }
}
