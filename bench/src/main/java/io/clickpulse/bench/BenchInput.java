package io.clickpulse.bench;

import io.clickpulse.stack.KafkaBroker;
import io.clickpulse.stack.traffic.GeneratedRecord;
import io.clickpulse.stack.traffic.RealisticTraffic;
import io.clickpulse.stack.traffic.TrafficLedger;
import io.clickpulse.stack.traffic.TrafficProducer;
import java.time.Duration;

/**
 * The one input every throughput measure reads: the realistic traffic model (docs/traffic.md: 12
 * hours of a day's curve ending now, Zipf popularity over 100,000 links, mostly one-click visitors,
 * out-of-order and late arrivals, the demo's planted incidents, 5 % duplicates, 1 % conflicts, 2 %
 * malformed records, some dated now) in a Kafka topic, delivered as one backlog in arrival order.
 *
 * @param topic where the records are
 * @param ledger what was sent and what a correct pipeline makes of it
 * @param bytes total size of the record values
 * @param eventsFrom no valid event time is earlier (epoch ms)
 */
record BenchInput(String topic, TrafficLedger ledger, long bytes, long eventsFrom) {
  static final int PARTITIONS = 2;
  static final Duration SPAN = Duration.ofHours(12);

  static BenchInput generate(
      KafkaBroker kafka, String topic, int events, long seed, Progress progress) {
    kafka.createTopics(PARTITIONS, topic);
    RealisticTraffic.Options options =
        RealisticTraffic.Options.builder().seed(seed).events(events).span(SPAN).build();
    long bytes = 0;
    long start = System.nanoTime();
    try (TrafficProducer producer = new TrafficProducer(kafka.bootstrapServers(), topic)) {
      int step = Math.max(events / 10, 1);
      int i = 0;
      for (var records = new RealisticTraffic(options); records.hasNext(); ) {
        GeneratedRecord record = records.next();
        bytes += record.value().length;
        producer.send(record);
        if (++i % step == 0) {
          progress.step("  generated %,d / %,d", i, events);
        }
      }
      TrafficLedger ledger = producer.flush();
      progress.step(
          "Input: %s; %.1f MB in %.1f s",
          ledger, bytes / 1e6, Duration.ofNanos(System.nanoTime() - start).toMillis() / 1e3);
      return new BenchInput(topic, ledger, bytes, options.start());
    }
  }

  long events() {
    return ledger.total();
  }
}
