package io.clickpulse.reliability;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Runs the pipeline on a scenario's stream and disturbs the stack {@code times} times, evenly over
 * the stream (the k-th disturbance once k/(times+1) of its rows are stored); then waits for the job
 * to catch up and runs the {@link ExactChecks}. Reports when and how long each disturbance lasted,
 * how often the job restarted and how long it took to catch up after the last one.
 */
final class MidStream {
  private MidStream() {}

  /** A disturbance of the stack; returns when whatever it broke is back. */
  interface Disturbance {
    /** The {@code n}-th disturbance (1-based) of the running {@code job}. */
    void apply(ReliabilityStack stack, String job, int n);
  }

  /** Returns how often the job restarted. */
  static long run(Scenario scenario, ClickStream stream, int times, Disturbance disturbance) {
    return run(scenario, stream, times, disturbance, new String[0]);
  }

  /** The same with the pipeline started with {@code pipelineArgs} added to its arguments. */
  static long run(
      Scenario scenario,
      ClickStream stream,
      int times,
      Disturbance disturbance,
      String... pipelineArgs) {
    ReliabilityStack stack = ReliabilityStack.get();
    scenario.createPipelineTopics(stack);
    ExactChecks checks = new ExactChecks(stack, scenario, stream.expected());
    try (ReliabilityStack.Job job = stack.submitPipeline(scenario, pipelineArgs)) {
      long start = System.nanoTime();
      CompletableFuture<Void> sending =
          CompletableFuture.runAsync(
              () -> stream.send(stack.kafka().bootstrapServers(), scenario.rawTopic()));
      long backAt = start;
      for (int n = 1; n <= times; n++) {
        long rows = stream.total() * 9 / 10 * n / (times + 1);
        Await.until(
            rows + " rows stored",
            Duration.ofMinutes(8),
            () -> {
              failIfSendingFailed(sending);
              return checks.storedRows() >= rows;
            },
            () -> checks.storedRows() + " rows, " + stream.sent() + " records sent");
        long disturbedAt = System.nanoTime();
        disturbance.apply(stack, job.id(), n);
        backAt = System.nanoTime();
        Report.figure(
            scenario,
            "disturbance %d at %d stored rows, %.0f s after the start: lasted %.1f s",
            n,
            rows,
            (disturbedAt - start) / 1e9,
            (backAt - disturbedAt) / 1e9);
      }
      sending.join();
      checks.awaitComplete(Duration.ofMinutes(8));
      double caughtUp = Report.seconds(backAt);
      double total = Report.seconds(start);
      checks.assertExact();
      long restarts = stack.flink().restarts(job.id());
      Report.figure(
          scenario,
          "%d records sent (%s); %d restarts; caught up %.1f s after the last disturbance;"
              + " complete after %.1f s (%.0f records/s); exact",
          stream.total(),
          stream.expected(),
          restarts,
          caughtUp,
          total,
          stream.total() / total);
      return restarts;
    }
  }

  /** A send the test's producer could not complete fails the test at once, with its cause. */
  private static void failIfSendingFailed(CompletableFuture<Void> sending) {
    if (sending.isCompletedExceptionally()) {
      try {
        sending.join();
      } catch (CompletionException e) {
        throw new AssertionError("The test's producer failed: " + e.getCause(), e.getCause());
      }
    }
  }
}
