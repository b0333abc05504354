package io.clickpulse.jobs.alert;

import io.clickpulse.jobs.json.JsonSerialization;
import io.clickpulse.jobs.metrics.PipelineCounter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * Alerts as JSON on the alerts topic, counted as they are written ({@code alerts_firing}, {@code
 * alerts_resolved}: what the pipeline-health rules in docker/prometheus watch).
 */
public class AlertSerialization extends JsonSerialization<Alert> {
  private transient Counter firing;
  private transient Counter resolved;

  @Override
  public void open(InitializationContext context) {
    MetricGroup group = context.getMetricGroup().addGroup(PipelineCounter.METRIC_GROUP);
    firing = group.counter("alerts_firing");
    resolved = group.counter("alerts_resolved");
  }

  @Override
  public byte[] serialize(Alert alert) {
    if (firing != null) { // not opened when serialized outside a sink (tests, tools)
      ("resolved".equals(alert.status) ? resolved : firing).inc();
    }
    return super.serialize(alert);
  }
}
