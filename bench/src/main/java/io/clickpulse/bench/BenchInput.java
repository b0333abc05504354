package io.clickpulse.bench;

import io.clickpulse.stack.KafkaBroker;
import io.clickpulse.stack.traffic.GeneratedRecord;
import io.clickpulse.stack.traffic.RealisticTraffic;
import io.clickpulse.stack.traffic.TrafficLedger;
import io.clickpulse.stack.traffic.TrafficProducer;
import java.time.Duration;
import java.util.Locale;

/**
 * The one input every throughput measure reads: the realistic traffic model (docs/traffic.md: 12
 * hours of a day's curve ending now, Zipf popularity over 100,000 links, mostly one-click visitors,
 * out-of-order and late arrivals, the demo's planted incidents, 5 % duplicates, 1 % conflicts, 2 %
 * malformed records, some dated now) in a Kafka topic, delivered as one backlog in arrival order.
 * The scaling runs make more such inputs with other link counts and one-click shares.
 *
 * @param topic where the records are
 * @param ledger what was sent and what a correct pipeline makes of it, distinct links and visitors
 *     included
 * @param bytes total size of the record values
 * @param options what the generator was asked for
 */
record BenchInput(
    String topic, TrafficLedger ledger, long bytes, RealisticTraffic.Options options) {
  static final int PARTITIONS = 2;
  static final Duration SPAN = Duration.ofHours(12);

  /** The generator's options for a benchmark input of {@code events} records. */
  static RealisticTraffic.Options.Builder options(long events, long seed, Duration span) {
    return RealisticTraffic.Options.builder().seed(seed).events(events).span(span);
  }

  static BenchInput generate(
      KafkaBroker kafka, String topic, RealisticTraffic.Options options, Progress progress) {
    kafka.createTopics(PARTITIONS, topic);
    long bytes = 0;
    long start = System.nanoTime();
    try (TrafficProducer producer =
        new TrafficProducer(kafka.bootstrapServers(), topic, TrafficLedger.withDistinctCounts())) {
      long step = Math.max(options.events() / 10, 1);
      long i = 0;
      for (var records = new RealisticTraffic(options); records.hasNext(); ) {
        GeneratedRecord record = records.next();
        bytes += record.value().length;
        producer.send(record);
        if (++i % step == 0) {
          progress.step("  generated %,d / %,d", i, options.events());
        }
      }
      TrafficLedger ledger = producer.flush();
      progress.step(
          "Input: %s; %,d distinct links and %,d distinct visitors in the counted clicks; %.1f MB"
              + " in %.1f s",
          ledger,
          ledger.distinctLinks(),
          ledger.distinctVisitors(),
          bytes / 1e6,
          Duration.ofNanos(System.nanoTime() - start).toMillis() / 1e3);
      return new BenchInput(topic, ledger, bytes, options);
    }
  }

  long events() {
    return ledger.total();
  }

  /** No valid event time is earlier (epoch ms). */
  long eventsFrom() {
    return options.start();
  }

  /** "12 h", or "90 min" when not whole hours. */
  String spanText() {
    Duration span = options.span();
    return span.toMinutesPart() == 0 && span.toHours() > 0
        ? span.toHours() + " h"
        : span.toMinutes() + " min";
  }

  double spanMinutes() {
    return options.span().toMillis() / 60_000.0;
  }

  /** "5,000 records over 12 h of event time, Zipf over 100,000 links, 80 % one-click visitors" */
  String describe() {
    return String.format(
        Locale.ROOT,
        "%,d records over %s of event time, Zipf over %,d links, %.0f %% one-click visitors",
        events(),
        spanText(),
        options.links(),
        options.oneClickShare() * 100);
  }
}
