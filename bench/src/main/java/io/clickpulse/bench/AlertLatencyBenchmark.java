package io.clickpulse.bench;

import io.clickpulse.jobs.AlertDeliveryJob;
import io.clickpulse.jobs.ClickPipelineJob;
import io.clickpulse.jobs.ClickPipelineSinks;
import io.clickpulse.jobs.JobEnvironment;
import io.clickpulse.jobs.config.AlertDeliveryConfig;
import io.clickpulse.jobs.config.ClickPipelineConfig;
import io.clickpulse.jobs.delivery.DeliverNotifications;
import io.clickpulse.jobs.delivery.DeliveryConfig;
import io.clickpulse.stack.KafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Alert latency end to end: the pipeline job and the alert delivery job run unbounded with
 * checkpoints every second; planted spikes are completed one at a time, and each latency runs from
 * the producer's send of the event that completes a spike to a local webhook receiver getting its
 * firing notification. See {@link SpikeTimeline} for what completes a spike.
 */
final class AlertLatencyBenchmark {
  static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(1);
  private static final String NAME = "bench-alerting";
  private static final String DATABASE = "alerting";
  private static final Duration NOTIFICATION_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration QUIET_TIMEOUT = Duration.ofSeconds(60);

  private AlertLatencyBenchmark() {}

  static Latency run(BenchStack stack, BenchOptions options, Progress progress) throws Exception {
    ClickPipelineConfig pipeline =
        PipelineBenchmark.config(
            stack,
            NAME,
            CHECKPOINT_INTERVAL,
            Map.of(
                "kafka.topic.raw", NAME + ".raw",
                "clickhouse.url", stack.clickhouse.jdbcUrl(DATABASE),
                "parallelism", Integer.toString(options.parallelism())));
    stack.kafka.createTopics(BenchInput.PARTITIONS, NAME + ".delivery-dlq");
    try (WebhookReceiver receiver = new WebhookReceiver();
        AlertTopicWatcher alerts =
            new AlertTopicWatcher(stack.kafka.bootstrapServers(), pipeline.alertsTopic());
        KafkaProducer<String, byte[]> producer = producer(stack)) {
      List<JobClient> jobs = new ArrayList<>();
      try {
        jobs.add(startPipeline(stack, pipeline));
        jobs.add(startDelivery(stack, pipeline, receiver, options));
        progress.step(
            "  pipeline and delivery jobs submitted (checkpoints every %d ms); planting %d spikes",
            CHECKPOINT_INTERVAL.toMillis(), options.spikes());
        return plantSpikes(stack, pipeline, producer, receiver, alerts, options.spikes(), progress);
      } finally {
        for (JobClient job : jobs) {
          job.cancel().get();
        }
      }
    }
  }

  private static Latency plantSpikes(
      BenchStack stack,
      ClickPipelineConfig pipeline,
      KafkaProducer<String, byte[]> producer,
      WebhookReceiver receiver,
      AlertTopicWatcher alerts,
      int spikes,
      Progress progress)
      throws Exception {
    long now = System.currentTimeMillis();
    long start =
        (now / SpikeTimeline.MINUTE - SpikeTimeline.minutes(spikes) - 5) * SpikeTimeline.MINUTE;
    SpikeTimeline timeline = new SpikeTimeline(spikes, start);
    List<Long> latencies = new ArrayList<>();
    List<Long> toTopic = new ArrayList<>();
    long sent = start;
    for (int spike = 0; spike < spikes; spike++) {
      long completion = timeline.completion(spike);
      send(producer, timeline.between(sent, completion), pipeline.rawTopic());
      sent = completion;
      // Quiet first: everything before the completing event processed, earlier alerts delivered.
      long released = timeline.released(completion);
      awaitStored(stack, released, timeline.between(start, released).size());
      if (spike > 0) {
        receiver.await(SpikeTimeline.link(spike - 1), "resolved", QUIET_TIMEOUT);
      }
      long sentAt = System.currentTimeMillis();
      for (int partition = 0; partition < BenchInput.PARTITIONS; partition++) {
        SpikeTimeline.Click tick = timeline.tick(completion, partition);
        producer.send(
            new ProducerRecord<>(
                pipeline.rawTopic(), tick.partition(), sentAt, tick.key(), tick.value()));
      }
      producer.flush();
      var notified = receiver.await(SpikeTimeline.link(spike), "firing", NOTIFICATION_TIMEOUT);
      if (notified.isPresent()) {
        long latency = notified.get().receivedAtMillis() - sentAt;
        latencies.add(latency);
        var onTopic = alerts.seenAt(SpikeTimeline.link(spike), "firing");
        onTopic.ifPresent(at -> toTopic.add(at - sentAt));
        progress.step(
            "  spike %d/%d on %s: notified after %d ms (readable on the alerts topic after %s ms)",
            spike + 1,
            spikes,
            SpikeTimeline.link(spike),
            latency,
            onTopic.isPresent() ? Long.toString(onTopic.getAsLong() - sentAt) : "?");
      } else {
        progress.step(
            "  spike %d/%d on %s: no notification within %s",
            spike + 1, spikes, SpikeTimeline.link(spike), NOTIFICATION_TIMEOUT);
      }
    }
    return new Latency(latencies, toTopic, spikes);
  }

  private static JobClient startPipeline(BenchStack stack, ClickPipelineConfig config)
      throws Exception {
    StreamExecutionEnvironment env = stack.flink.environment();
    JobEnvironment.configure(env, config);
    new ClickPipelineJob(config)
        .build(env, ClickPipelineJob.source(config), ClickPipelineSinks.of(config));
    return env.executeAsync("bench-alerting-pipeline");
  }

  private static JobClient startDelivery(
      BenchStack stack,
      ClickPipelineConfig pipeline,
      WebhookReceiver receiver,
      BenchOptions options)
      throws Exception {
    Path yaml = stack.dir.resolve("delivery.yaml");
    Files.writeString(
        yaml,
        String.join(
            "\n",
            "destinations:",
            "  bench-hook: { type: webhook, url: '"
                + receiver.url()
                + "', secrets-env: HOOK_SECRET, max-per-second: 100 }",
            "routes:",
            "  - { to: [bench-hook] }",
            // Send at once: the latency measured is the system's, not a deliberate wait.
            "grouping: { group-wait: '0 s', group-interval: '1 s' }",
            "retry: { delays: ['200 ms', '500 ms'], jitter: 0 }",
            "outbound: { allowed-hosts: ['127.0.0.1'] }",
            ""));
    Map<String, String> secrets =
        Map.of("HOOK_SECRET", "whsec_" + Base64.getEncoder().encodeToString(new byte[32]));
    DeliverNotifications.SerializableEnvironment environment = secrets::get;
    AlertDeliveryConfig config =
        AlertDeliveryConfig.from(
            Map.of(
                "kafka.bootstrap-servers",
                stack.kafka.bootstrapServers(),
                "kafka.topic.alerts",
                pipeline.alertsTopic(),
                "kafka.topic.delivery-dead-letter",
                NAME + ".delivery-dlq",
                "kafka.group-id",
                NAME + "-delivery",
                "kafka.transactional-id-prefix",
                NAME + "-delivery",
                "kafka.starting-offsets",
                "earliest",
                "clickhouse.url",
                pipeline.clickhouse().url(),
                "delivery.config-file",
                yaml.toString(),
                "checkpoint.interval",
                CHECKPOINT_INTERVAL.toMillis() + " ms"));
    StreamExecutionEnvironment env = stack.flink.environment();
    env.enableCheckpointing(config.checkpointInterval().toMillis());
    env.setParallelism(1);
    new AlertDeliveryJob(DeliveryConfig.load(yaml, environment), environment).build(env, config);
    return env.executeAsync("bench-alerting-delivery");
  }

  private static KafkaProducer<String, byte[]> producer(BenchStack stack) {
    return new KafkaProducer<>(
        KafkaBroker.orderedProducerSettings(
            stack.kafka.bootstrapServers(), Map.of(ProducerConfig.LINGER_MS_CONFIG, 0)),
        new StringSerializer(),
        new ByteArraySerializer());
  }

  private static void send(
      KafkaProducer<String, byte[]> producer, List<SpikeTimeline.Click> clicks, String topic) {
    for (SpikeTimeline.Click c : clicks) {
      producer.send(new ProducerRecord<>(topic, c.partition(), null, c.key(), c.value()));
    }
    producer.flush();
  }

  /**
   * Waits until the {@code clicks} sent with an event time before {@code released} are rows in
   * ClickHouse: the pipeline has read, validated, deduplicated, enriched and judged all of them.
   * Later clicks wait in the bot patterns for the watermark (docs/alerts.md), so counting every row
   * would wait for the idle flush instead. (Committed Kafka offsets would say the same, but the
   * source commits them from its fetch loop, up to 10 s late when the topic is quiet.)
   */
  private static void awaitStored(BenchStack stack, long released, long clicks) {
    long deadline = System.nanoTime() + QUIET_TIMEOUT.toNanos();
    String count =
        "SELECT count() FROM "
            + DATABASE
            + ".clicks WHERE event_time < fromUnixTimestamp64Milli("
            + released
            + ")";
    while (stack.number(count) < clicks) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "The pipeline did not store the "
                + clicks
                + " clicks before "
                + Instant.ofEpochMilli(released)
                + " within "
                + QUIET_TIMEOUT);
      }
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
  }
}
