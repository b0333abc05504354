package io.clickpulse.reliability;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.stack.FlinkCluster;
import io.clickpulse.stack.ManagedProcess;
import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Scenario 1: the TaskManager running the pipeline is killed with SIGKILL three times while events
 * flow, and a fresh one is started each time. The job restarts from its last checkpoint; ClickHouse
 * and the topics end up exactly as if nothing had happened. A million events by default ({@code
 * -Dreliability.events} to change it).
 */
@Order(1)
@Tag("engines")
class TaskManagerKillITCase {
  static final long EVENTS = Long.getLong("reliability.events", 1_000_000);
  private static final int KILLS = 3;

  @Test
  @Timeout(3600)
  void threeTaskManagerKillsWhileEventsFlowLoseNothingAndCountNothingTwice() {
    long restarts =
        MidStream.run(
            new Scenario("s1_taskmanager_kills"),
            new ClickStream(EVENTS, 70, 1),
            KILLS,
            TaskManagerKillITCase::killTaskManager,
            // The production default: with the suite's 2 s, checkpoints of a million records'
            // state (3-5 s each) ran back to back and the run took a quarter longer.
            "--checkpoint.interval",
            "10 s");
    assertTrue(restarts >= KILLS, "the job restarted after each kill: " + restarts);
  }

  /** SIGKILL, a fresh TaskManager, and back once the job runs again and checkpointed anew. */
  private static void killTaskManager(ReliabilityStack stack, String job, int n) {
    FlinkCluster flink = stack.flink();
    long restarts = flink.restarts(job);
    long checkpoint = flink.latestCheckpoint(job);
    ManagedProcess victim =
        flink.taskManagers().stream().filter(ManagedProcess::isAlive).findFirst().orElseThrow();
    victim.kill();
    flink.addTaskManager();
    Await.until(
        "the job to restart after kill " + n,
        Duration.ofMinutes(2),
        () -> flink.restarts(job) > restarts,
        () -> flink.jobState(job));
    flink.awaitRunning(job, Duration.ofMinutes(3));
    Await.until(
        "a checkpoint after the restart",
        Duration.ofMinutes(3),
        () -> flink.latestCheckpoint(job) > checkpoint,
        () -> "latest checkpoint " + flink.latestCheckpoint(job));
  }
}
