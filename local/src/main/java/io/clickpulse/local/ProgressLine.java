package io.clickpulse.local;

import io.clickpulse.stack.traffic.TrafficRun;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * The line that shows a running local run: events sent per second, and what the pipeline has
 * stored, rejected and dropped, alerts fired and notifications delivered. Rewritten in place on a
 * terminal, a new line every 10 seconds otherwise (logs, CI).
 */
final class ProgressLine implements AutoCloseable {
  private static final long TICK_SECONDS = 2;

  private final TrafficRun traffic;
  private final LocalStack stack;
  private final AlertWatcher alerts;
  private final String database;
  private final DoubleSupplier elapsedSeconds;
  private final boolean terminal = System.console() != null;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private long lastSent;
  private long ticks;
  private PipelineCounts counts = new PipelineCounts(0, 0, 0, 0);
  private boolean lineOpen;

  private ProgressLine(
      TrafficRun traffic,
      LocalStack stack,
      AlertWatcher alerts,
      String database,
      DoubleSupplier elapsedSeconds) {
    this.traffic = traffic;
    this.stack = stack;
    this.alerts = alerts;
    this.database = database;
    this.elapsedSeconds = elapsedSeconds;
  }

  static ProgressLine start(
      TrafficRun traffic,
      LocalStack stack,
      AlertWatcher alerts,
      String database,
      DoubleSupplier elapsedSeconds) {
    ProgressLine line = new ProgressLine(traffic, stack, alerts, database, elapsedSeconds);
    line.timer.scheduleAtFixedRate(line::tick, TICK_SECONDS, TICK_SECONDS, TimeUnit.SECONDS);
    return line;
  }

  private synchronized void tick() {
    long sent = traffic.sent();
    double perSecond = (sent - lastSent) / (double) TICK_SECONDS;
    lastSent = sent;
    try {
      counts = PipelineCounts.query(stack.clickhouse, database);
    } catch (RuntimeException e) {
      // ClickHouse busy or restarting: show the last counts rather than stop the run.
    }
    String line =
        String.format(
            "[%6.1f s] sent %,d (%,.0f/s) | stored %,d | rejected %,d | duplicates %,d |"
                + " alerts %,d | notifications %,d",
            elapsedSeconds.getAsDouble(),
            sent,
            perSecond,
            counts.stored(),
            counts.rejected(),
            counts.duplicates(),
            alerts.firing(),
            stack.receiver.count("/slack") + stack.receiver.count("/webhook"));
    if (terminal) {
      System.out.print("\r" + line + "   ");
      System.out.flush();
      lineOpen = true;
    } else if (ticks++ % 5 == 0) {
      System.out.println(line);
    }
  }

  /** Ends a line rewritten in place, so that the next message starts on its own line. */
  synchronized void finishLine() {
    if (lineOpen) {
      System.out.println();
      lineOpen = false;
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    finishLine();
  }
}
