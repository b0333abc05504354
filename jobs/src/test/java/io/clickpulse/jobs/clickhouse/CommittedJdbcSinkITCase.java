package io.clickpulse.jobs.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.jobs.settings.Secret;
import io.clickpulse.jobs.testing.Await;
import io.clickpulse.jobs.testing.MiniClusters;
import io.clickpulse.stack.ClickHouseServer;
import io.clickpulse.stack.Engines;
import io.clickpulse.stack.KafkaBroker;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A job whose rows carry a key the replay after a failure sets differently (the attempt number,
 * standing in for the bot verdict of the click pipeline's minutes), on real Kafka and ClickHouse.
 * Input: ids 1-500, then, once a checkpoint holding all of them completed, ids 501-700; the first
 * attempt fails at id 600 or the first id after it that follows a record the last checkpoint did
 * not hold, so it has passed rows on that no completed checkpoint holds.
 */
@Tag("engines")
class CommittedJdbcSinkITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.withSlots(1);

  private static final int FIRST = 500;
  private static final int TOTAL = 700;
  private static final int FAIL_FROM = 600;
  private static final String INSERT = "INSERT INTO ids (id, attempt) VALUES (?, ?)";
  private static final JdbcStatementBuilder<Row> BIND =
      (statement, row) -> {
        statement.setLong(1, row.id);
        statement.setInt(2, row.attempt);
      };

  private final KafkaBroker kafka = Engines.sharedKafka();
  private final ClickHouseServer clickhouse = Engines.sharedClickHouse();

  /** One row of the test table. */
  public static class Row {
    public long id;
    public int attempt;

    public Row() {}

    Row(long id, int attempt) {
      this.id = id;
      this.attempt = attempt;
    }
  }

  @BeforeEach
  void reset() {
    TagWithAttempt.completedThrough.set(0);
    TagWithAttempt.failed.set(false);
  }

  @Test
  void rowsOfAnAttemptPastItsLastCompletedCheckpointNeverReachTheTable() throws Exception {
    String table = run(ch -> ClickHouseSinks.committedOnCheckpoint(ch, INSERT, BIND, Row.class));

    assertEquals(
        TOTAL + "\t" + TOTAL,
        clickhouse.query("SELECT count(), uniqExact(id) FROM " + table + " FINAL").strip(),
        "each id in one row (FINAL), under the attempt whose checkpoint held it");
    assertEquals(
        "1",
        clickhouse.query("SELECT uniqExact(attempt) > 1 FROM " + table).strip(),
        "both attempts' rows are there: the first attempt's checkpoints were committed");
  }

  /** Why: the at-least-once sink keeps the failed attempt's rows beside the replay's. */
  @Test
  void anAtLeastOnceSinkCountsTheRowsPastTheLastCheckpointTwice() throws Exception {
    String table = run(ch -> ClickHouseSinks.sink(ch, INSERT, BIND));

    long rows = Long.parseLong(clickhouse.query("SELECT count() FROM " + table + " FINAL").strip());
    assertTrue(rows > TOTAL, rows + " rows (FINAL) for " + TOTAL + " ids");
  }

  /**
   * Runs the job with the sink {@code sinkFor} makes into a new table until every id is stored;
   * returns the table's name.
   */
  private String run(Function<ClickHouseSettings, Sink<Row>> sinkFor) throws Exception {
    String database = Engines.unique("committed");
    String topic = Engines.unique("ids");
    clickhouse.query("CREATE DATABASE " + database);
    String table = database + ".ids";
    clickhouse.query(
        "CREATE TABLE "
            + table
            + " (id UInt64, attempt UInt32) ENGINE = ReplacingMergeTree ORDER BY (attempt, id)");
    kafka.createTopics(1, topic);
    // Batches of one row: the at-least-once sink writes each row as it comes.
    ClickHouseSettings settings =
        new ClickHouseSettings(
            clickhouse.jdbcUrl(database),
            "default",
            Secret.inline(""),
            1,
            Duration.ofSeconds(1),
            0,
            false);

    Configuration conf = new Configuration();
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(1);
    env.enableCheckpointing(200);
    env.fromSource(
            KafkaSource.<String>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setTopics(topic)
                .setGroupId(topic)
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setValueOnlyDeserializer(new SimpleStringSchema())
                .build(),
            WatermarkStrategy.noWatermarks(),
            "ids")
        .map(new TagWithAttempt())
        .sinkTo(sinkFor.apply(settings));
    JobClient job = env.executeAsync("committed-jdbc-sink");
    try (var producer = kafka.orderedProducer(new StringSerializer(), new StringSerializer())) {
      send(producer, topic, 1, FIRST);
      Await.until(
          "a completed checkpoint holding ids 1-" + FIRST,
          Duration.ofMinutes(1),
          () -> TagWithAttempt.completedThrough.get() >= FIRST);
      send(producer, topic, FIRST + 1, TOTAL);
    }
    Await.until(
        "the first attempt to fail and every id to be stored",
        Duration.ofMinutes(1),
        () ->
            TagWithAttempt.failed.get()
                && clickhouse
                    .query("SELECT uniqExact(id) FROM " + table)
                    .strip()
                    .equals(String.valueOf(TOTAL)),
        () -> clickhouse.query("SELECT attempt, count() FROM " + table + " GROUP BY 1"));
    job.cancel().get();
    return table;
  }

  private static void send(KafkaProducer<String, String> producer, String topic, int from, int to)
      throws Exception {
    for (int id = from; id <= to; id++) {
      producer.send(new ProducerRecord<>(topic, String.valueOf(id)));
    }
    producer.flush();
  }

  /**
   * Tags each id with the task's attempt number, and fails the first attempt once (above); tells
   * the test how many records the latest completed checkpoint of the first attempt held.
   */
  static final class TagWithAttempt extends RichMapFunction<String, Row>
      implements CheckpointedFunction, CheckpointListener {
    static final AtomicLong completedThrough = new AtomicLong();
    static final AtomicBoolean failed = new AtomicBoolean();

    private final Map<Long, Long> seenAtCheckpoint = new HashMap<>();
    private long seen;
    private long seenAtLastCheckpoint;

    @Override
    public Row map(String value) {
      long id = Long.parseLong(value);
      int attempt = getRuntimeContext().getTaskInfo().getAttemptNumber();
      if (attempt == 0) {
        if (id >= FAIL_FROM && seen > seenAtLastCheckpoint && failed.compareAndSet(false, true)) {
          throw new IllegalStateException("the injected failure, at id " + id);
        }
        seen++;
      }
      return new Row(id, attempt);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {
      seenAtCheckpoint.put(context.getCheckpointId(), seen);
      seenAtLastCheckpoint = seen;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) {}

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
      Long held = seenAtCheckpoint.remove(checkpointId);
      if (held != null) {
        completedThrough.accumulateAndGet(held, Math::max);
      }
    }
  }
}
