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
  void rulesNameOnlyServedMetricsOrFamilies() {
    String rules =
        """
        groups:
          - name: one
            rules:
              - expr: sum(flink_taskmanager_job_task_operator_clickpulse_received) == 0
              - expr: sum({__name__=~"flink_taskmanager_job_task_operator_clickpulse_rejected_.+"})
          - name: two
            rules:
              - expr: flink_jobmanager_numRunningJobs == 0 and flink_jobmanager_job_uptime > 0
        """;
    PrometheusText metrics = PrometheusText.parse(List.of(FIRST, SECOND));
    String one = PrometheusText.ruleGroup(rules, "one");
    assertEquals(
        List.of("flink_taskmanager_job_task_operator_clickpulse_rejected_"),
        metrics.unserved(one),
        "no rejected_ counter is served");
    assertEquals(2, PrometheusText.mentioned(one));
    assertEquals(
        List.of("flink_jobmanager_job_uptime"),
        metrics.unserved(PrometheusText.ruleGroup(rules, "two")));
  }

  @Test
  void anEndpointThatIsDownAddsNothing() {
    assertTrue(
        PrometheusText.parse(List.of("", FIRST.lines().limit(2).toList().get(0)))
            .names()
            .isEmpty());
  }
}
