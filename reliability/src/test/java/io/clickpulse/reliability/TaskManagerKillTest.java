package io.clickpulse.reliability;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.stack.FlinkCluster;
import io.clickpulse.stack.ManagedProcess;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Scenario 1: the TaskManager running the pipeline is killed with SIGKILL three times while a
 * million events flow, and a fresh one is started each time. The job restarts from its last
 * checkpoint; ClickHouse and the topics end up exactly as if nothing had happened.
 */
@Order(1)
class TaskManagerKillTest {
  static final long EVENTS = Long.getLong("reliability.events", 1_000_000);
  private static final int KILLS = 3;

  @Test
  @Timeout(900)
  void threeTaskManagerKillsWhileAMillionEventsFlowLoseNothingAndCountNothingTwice() {
    ReliabilityStack stack = ReliabilityStack.get();
    FlinkCluster flink = stack.flink();
    Scenario scenario = new Scenario("s1_taskmanager_kills").createPipelineTopics(stack);
    ClickStream stream = new ClickStream(EVENTS, 70, 1);
    ExactChecks checks = new ExactChecks(stack, scenario, stream.expected());
    try (ReliabilityStack.Job job = stack.submitPipeline(scenario)) {
      killAndCheck(flink, stack, scenario, stream, checks, job.id());
    }
  }

  private static void killAndCheck(
      FlinkCluster flink,
      ReliabilityStack stack,
      Scenario scenario,
      ClickStream stream,
      ExactChecks checks,
      String job) {

    long start = System.nanoTime();
    CompletableFuture<Void> sending =
        CompletableFuture.runAsync(
            () -> stream.send(stack.kafka().bootstrapServers(), scenario.rawTopic()));
    for (int kill = 1; kill <= KILLS; kill++) {
      long rows = stream.total() * 9 / 10 * kill / (KILLS + 1);
      Await.until(
          rows + " rows stored before kill " + kill,
          Duration.ofMinutes(5),
          () -> checks.storedRows() >= rows,
          () -> checks.storedRows() + " rows, " + stream.sent() + " records sent");
      long restarts = flink.restarts(job);
      long checkpoint = flink.latestCheckpoint(job);
      ManagedProcess victim =
          flink.taskManagers().stream().filter(ManagedProcess::isAlive).findFirst().orElseThrow();
      long killedAt = System.nanoTime();
      victim.kill();
      flink.addTaskManager();
      Await.until(
          "the job to restart after kill " + kill,
          Duration.ofMinutes(2),
          () -> flink.restarts(job) > restarts,
          () -> flink.jobState(job));
      flink.awaitRunning(job, Duration.ofMinutes(3));
      double recovered = Report.seconds(killedAt);
      Await.until(
          "a checkpoint after the restart",
          Duration.ofMinutes(2),
          () -> flink.latestCheckpoint(job) > checkpoint,
          () -> "latest checkpoint " + flink.latestCheckpoint(job));
      Report.figure(
          scenario,
          "kill %d at %d stored rows (%.0f s after the start): running again after %.1f s,"
              + " checkpoint %d after %.1f s",
          kill,
          rows,
          (killedAt - start) / 1e9,
          recovered,
          flink.latestCheckpoint(job),
          Report.seconds(killedAt));
    }
    sending.join();
    checks.awaitComplete(Duration.ofMinutes(8));
    double total = Report.seconds(start);
    checks.assertExact();
    long restarts = flink.restarts(job);

    assertTrue(restarts >= KILLS, "the job restarted after each kill: " + restarts);
    Report.figure(
        scenario,
        "%d records sent (%s), complete after %.1f s (%.0f records/s), %d restarts; exact",
        stream.total(),
        stream.expected(),
        total,
        stream.total() / total,
        restarts);
  }
}
