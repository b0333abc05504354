package io.clickpulse.reliability;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Runs the pipeline on a scenario's stream and disturbs the stack once a third of the stream is
 * stored; then waits for the job to catch up and runs the {@link ExactChecks}. Reports how long the
 * disturbance lasted, how often the job restarted and how long it took to catch up.
 */
final class MidStream {
  private MidStream() {}

  /** A disturbance of the stack; returns when whatever it broke is back. */
  interface Disturbance {
    void apply(ReliabilityStack stack);
  }

  static void run(Scenario scenario, ClickStream stream, Disturbance disturbance) {
    ReliabilityStack stack = ReliabilityStack.get();
    scenario.createPipelineTopics(stack);
    ExactChecks checks = new ExactChecks(stack, scenario, stream.expected());
    try (ReliabilityStack.Job job = stack.submitPipeline(scenario)) {
      run(stack, scenario, stream, disturbance, checks, job.id());
    }
  }

  private static void run(
      ReliabilityStack stack,
      Scenario scenario,
      ClickStream stream,
      Disturbance disturbance,
      ExactChecks checks,
      String job) {
    long start = System.nanoTime();
    CompletableFuture<Void> sending =
        CompletableFuture.runAsync(
            () -> stream.send(stack.kafka().bootstrapServers(), scenario.rawTopic()));
    long rows = stream.total() * 9 / 10 / 3;
    Await.until(
        rows + " rows stored",
        Duration.ofMinutes(5),
        () -> checks.storedRows() >= rows,
        () -> checks.storedRows() + " rows, " + stream.sent() + " records sent");
    long restartsBefore = stack.flink().restarts(job);
    long disturbedAt = System.nanoTime();
    disturbance.apply(stack);
    double disturbed = Report.seconds(disturbedAt);
    long backAt = System.nanoTime();
    sending.join();
    checks.awaitComplete(Duration.ofMinutes(6));
    double caughtUp = Report.seconds(backAt);
    double total = Report.seconds(start);
    checks.assertExact();
    long restarts = stack.flink().restarts(job) - restartsBefore;
    Report.figure(
        scenario,
        "%d records sent (%s); disturbed at %d stored rows for %.1f s; %d restarts; caught up %.1f"
            + " s after; complete after %.1f s in all; exact",
        stream.total(),
        stream.expected(),
        rows,
        disturbed,
        restarts,
        caughtUp,
        total);
  }
}
