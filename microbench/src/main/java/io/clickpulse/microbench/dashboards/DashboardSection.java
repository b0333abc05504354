package io.clickpulse.microbench.dashboards;

import io.clickpulse.microbench.Results;
import io.clickpulse.stack.ClickHouseServer;
import java.nio.file.Path;

public final class DashboardSection {
  private DashboardSection() {}

  public static void run(
      ClickHouseServer clickhouse, Path dir, long clicks, int runs, int panels, Results results)
      throws Exception {
    throw new UnsupportedOperationException("todo");
  }
}
