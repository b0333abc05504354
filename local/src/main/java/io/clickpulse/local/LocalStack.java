package io.clickpulse.local;

import io.clickpulse.stack.ClickHouseServer;
import io.clickpulse.stack.Engines;
import io.clickpulse.stack.FlinkCluster;
import io.clickpulse.stack.KafkaBroker;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Everything a local run starts, as processes of its own on loopback: a Kafka broker, the
 * ClickHouse engine, a standalone Flink cluster (JobManager and one TaskManager) and the receiver
 * standing in for Slack and a webhook. {@link #close()} stops them all, also from a shutdown hook
 * (Ctrl-C); their data and logs stay in the run directory.
 */
final class LocalStack implements AutoCloseable {
  /** Pipeline (parallelism 2) plus alert delivery (1). */
  private static final int SLOTS = 3;

  final KafkaBroker kafka;
  final ClickHouseServer clickhouse;
  final FlinkCluster flink;
  final LocalReceiver receiver;
  private final AtomicBoolean closed = new AtomicBoolean();

  private LocalStack(
      KafkaBroker kafka, ClickHouseServer clickhouse, FlinkCluster flink, LocalReceiver receiver) {
    this.kafka = kafka;
    this.clickhouse = clickhouse;
    this.flink = flink;
    this.receiver = receiver;
  }

  static LocalStack start(Path runDir, Consumer<String> step) {
    step.accept("Starting Kafka (KRaft) and ClickHouse on 127.0.0.1 ...");
    Engines engines = Engines.start(runDir);
    KafkaBroker kafka = engines.kafka();
    ClickHouseServer clickhouse = engines.clickhouse();
    FlinkCluster flink = null;
    try {
      step.accept(
          "Kafka at "
              + kafka.bootstrapServers()
              + " (pid "
              + kafka.pid()
              + "), ClickHouse at "
              + clickhouse.httpUrl()
              + " (pid "
              + clickhouse.pid()
              + ")");
      step.accept("Starting a standalone Flink cluster (JobManager + TaskManager) ...");
      flink = FlinkCluster.start(runDir.resolve("flink"), 1, SLOTS);
      LocalReceiver receiver = new LocalReceiver();
      step.accept(
          "Flink UI at "
              + flink.restUrl()
              + " (TaskManager pid "
              + flink.taskManagers().get(0).pid()
              + "); local Slack and webhook receiver at "
              + receiver.url("/"));
      return new LocalStack(kafka, clickhouse, flink, receiver);
    } catch (RuntimeException e) {
      if (flink != null) {
        flink.close();
      }
      engines.close();
      throw e;
    }
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      receiver.close();
      flink.close();
      clickhouse.close();
      kafka.close();
    }
  }
}
