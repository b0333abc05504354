package io.clickpulse.reliability;

import io.clickpulse.stack.FlinkCluster;
import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Scenario 8: the JobManager is killed with SIGKILL twice while events flow, and a new one is
 * started each time on the same configuration. With ZooKeeper high availability the new leader
 * recovers the job (same id) from its latest checkpoint and the TaskManager registers with it;
 * ClickHouse, the dead letters and the alert ids end up exactly as if nothing had happened.
 */
@Order(6)
@Tag("engines")
class JobManagerKillITCase {
  private static final int KILLS = 2;

  @Test
  @Timeout(900)
  void jobManagerKillsMidStreamLoseNothingAndCountNothingTwice() {
    MidStream.run(
        new Scenario("s8_jobmanager_kill"),
        new ClickStream(ClickHouseOutageITCase.EVENTS, 70, 8),
        KILLS,
        JobManagerKillITCase::replaceJobManager);
  }

  /** SIGKILL, a new JobManager, and back once it runs the same job and checkpointed anew. */
  private static void replaceJobManager(ReliabilityStack stack, String job, int n) {
    FlinkCluster flink = stack.flink();
    long checkpoint = flink.latestCheckpoint(job);
    stack.replaceJobManager();
    flink.awaitRunning(job, Duration.ofMinutes(3));
    Await.until(
        "a checkpoint after JobManager " + n + " took over",
        Duration.ofMinutes(3),
        () -> flink.latestCheckpoint(job) > checkpoint,
        () -> "latest checkpoint " + flink.latestCheckpoint(job) + ", job " + flink.jobState(job));
  }
}
