package io.clickpulse.microbench.sink;

import io.clickpulse.udf.enrich.EnrichedClick;
import java.util.List;

/** One way of writing enriched rows into {@code clicks}, in batches. */
interface SinkPath extends AutoCloseable {
  String name();

  int batchSize();

  /** Writes {@code rows}, one request per batch, and returns when the last insert completed. */
  void insert(List<EnrichedClick> rows) throws Exception;
}
