package io.clickpulse.microbench;

import io.clickpulse.stack.traffic.ClickTrafficGenerator;
import io.clickpulse.udf.enrich.ClickEnricher;
import io.clickpulse.udf.enrich.EnrichedClick;
import io.clickpulse.udf.enrich.UserAgentClassifier;
import io.clickpulse.udf.enrich.UtmTaxonomy;
import io.clickpulse.udf.event.ClickEvent;
import io.clickpulse.udf.event.ClickEventParser;
import io.clickpulse.udf.event.ValidationLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Realistic inputs: the records of the project's traffic generator (its catalog of campaigns with
 * messy UTM spellings, browser and bot user agents, IPv4 and IPv6 clients), parsed and enriched by
 * the production code.
 */
public final class SampleClicks {
  /** Event time of the first generated record; later ones follow one second apart. */
  public static final long FIRST_EVENT_TIME = 1_790_000_000_000L;

  /** A visitor-hash secret of the required length, for benchmarks only. */
  public static final String SECRET = "microbench-visitor-hash-secret";

  /** Records per generator: it remembers every event it made, so use fresh ones for big sets. */
  private static final int CHUNK = 50_000;

  private SampleClicks() {}

  /** A Kafka record timestamp at which every generated event of a run is valid. */
  public static long recordTimestamp(int count) {
    return FIRST_EVENT_TIME + count * 1000L;
  }

  /** {@code count} distinct, valid click records as the redirect service sends them (JSON). */
  public static List<byte[]> payloads(int count, long seed) {
    List<byte[]> payloads = new ArrayList<>(count);
    forEachPayload(count, seed, payloads::add);
    return payloads;
  }

  private static void forEachPayload(int count, long seed, Consumer<byte[]> action) {
    ClickTrafficGenerator generator = null;
    for (int i = 0; i < count; i++) {
      if (i % CHUNK == 0) {
        generator = new ClickTrafficGenerator(new ClickTrafficGenerator.Options(seed + i, 0, 0, 0));
      }
      action.accept(generator.next(FIRST_EVENT_TIME + i * 1000L).value());
    }
  }

  /** The records of {@link #payloads}, validated by {@link ClickEventParser}. */
  public static List<ClickEvent> events(int count, long seed) {
    ClickEventParser parser = new ClickEventParser(ValidationLimits.DEFAULTS);
    long timestamp = recordTimestamp(count);
    List<ClickEvent> events = new ArrayList<>(count);
    forEachPayload(
        count,
        seed,
        payload -> {
          ClickEvent event = parser.parse(payload, timestamp).event();
          event.sourcePartition = events.size() % 2;
          event.sourceOffset = events.size();
          events.add(event);
        });
    return events;
  }

  /** Rows of the {@code clicks} table: {@link #events} through the production enrichment. */
  public static List<EnrichedClick> enriched(int count, long seed) {
    ClickEnricher enricher =
        new ClickEnricher(UtmTaxonomy.bundled(), new UserAgentClassifier(), SECRET);
    List<EnrichedClick> rows = new ArrayList<>(count);
    for (ClickEvent event : events(count, seed)) {
      rows.add(enricher.enrich(event));
    }
    return rows;
  }
}
