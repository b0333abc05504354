package io.clickpulse.microbench.sink;

import io.clickpulse.microbench.Results;
import io.clickpulse.stack.ClickHouseServer;

public final class SinkSection {
  private SinkSection() {}

  public static void run(ClickHouseServer clickhouse, int rows, int runs, Results results)
      throws Exception {
    throw new UnsupportedOperationException("todo");
  }
}
