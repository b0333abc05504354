package io.clickpulse.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {
  /** Two TaskManagers' lines as Flink's reporter writes them (abridged labels). */
  private static final String FIRST =
      """
      # HELP flink_taskmanager_job_task_operator_clickpulse_received received (scope: taskmanager_job_task_operator_clickpulse)
      # TYPE flink_taskmanager_job_task_operator_clickpulse_received gauge
      flink_taskmanager_job_task_operator_clickpulse_received{job_name="clickpulse-pipeline",subtask_index="0",} 1480.0
      flink_taskmanager_job_task_operator_clickpulse_received{job_name="clickpulse-pipeline",subtask_index="1",} 1520.0
      flink_taskmanager_Status_JVM_CPU_Load{host="127.0.0.1",} 0.125
      """;

  private static final String SECOND =
      """
      flink_taskmanager_job_task_operator_clickpulse_received{job_name="clickpulse-pipeline",subtask_index="2",} 1000.0
      flink_jobmanager_numRunningJobs 1.0
      """;

  @Test
  void samplesAddUpByNameOverLabelsAndEndpoints() {
    PrometheusText metrics = PrometheusText.parse(List.of(FIRST, SECOND));
    assertEquals(
        4000.0,
        metrics.sum("flink_taskmanager_job_task_operator_clickpulse_received").orElseThrow());
    assertEquals(0.125, metrics.sum("flink_taskmanager_Status_JVM_CPU_Load").orElseThrow());
    assertEquals(1.0, metrics.sum("flink_jobmanager_numRunningJobs").orElseThrow());
    assertTrue(metrics.sum("flink_taskmanager_job_task_operator_clickpulse_accepted").isEmpty());
    assertEquals(3, metrics.names().size());
  }

  @Test
  void anEndpointThatIsDownAddsNothing() {
    assertTrue(
        PrometheusText.parse(List.of("", FIRST.lines().limit(2).toList().get(0)))
            .names()
            .isEmpty());
  }
}
