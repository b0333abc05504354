package io.clickpulse.bench;

import io.clickpulse.stack.KafkaBroker;
import io.clickpulse.stack.traffic.ClickTrafficGenerator;
import io.clickpulse.stack.traffic.GeneratedRecord;
import io.clickpulse.stack.traffic.TrafficLedger;
import io.clickpulse.stack.traffic.TrafficProducer;
import java.time.Duration;
import java.util.Random;

/**
 * The one input every throughput measure reads: generated clicks in a Kafka topic, with the planted
 * duplicates, conflicts and malformed records of {@code ./clickpulse run}.
 *
 * @param topic where the records are
 * @param ledger what was sent and what a correct pipeline makes of it
 * @param bytes total size of the record values
 * @param eventsFrom no event time is earlier (epoch ms)
 */
record BenchInput(String topic, TrafficLedger ledger, long bytes, long eventsFrom) {
  static final int PARTITIONS = 2;

  /** The generator's rates as the local run uses them: 5 % duplicates, 1 % conflicts, 2 % bad. */
  static ClickTrafficGenerator.Options generatorOptions(long seed) {
    return new ClickTrafficGenerator.Options(seed, 0.05, 0.01, 0.02);
  }

  static BenchInput generate(
      KafkaBroker kafka, String topic, int events, long seed, Progress progress) {
    kafka.createTopics(PARTITIONS, topic);
    var generator = new ClickTrafficGenerator(generatorOptions(seed));
    Random jitter = new Random(seed);
    long bytes = 0;
    long start = System.nanoTime();
    long now = System.currentTimeMillis();
    try (TrafficProducer producer = new TrafficProducer(kafka.bootstrapServers(), topic)) {
      int step = Math.max(events / 10, 1);
      for (int i = 1; i <= events; i++) {
        // Event times within the last minute, as the local run sends them.
        GeneratedRecord record = generator.next(now - jitter.nextInt(60_000));
        bytes += record.value().length;
        producer.send(record);
        if (i % step == 0) {
          progress.step("  generated %,d / %,d", i, events);
        }
      }
      TrafficLedger ledger = producer.flush();
      progress.step(
          "Input: %s; %.1f MB in %.1f s",
          ledger, bytes / 1e6, Duration.ofNanos(System.nanoTime() - start).toMillis() / 1e3);
      return new BenchInput(topic, ledger, bytes, now - 60_000);
    }
  }

  long events() {
    return ledger.total();
  }
}
