package io.clickpulse.jobs.delivery;

import io.clickpulse.jobs.alert.Alert;
import io.clickpulse.jobs.metrics.PipelineCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;

/** Each alert to every destination its routes name; alerts no route wants are counted. */
public class RouteAlerts extends RichFlatMapFunction<Alert, Routed> {
  private final DeliveryConfig config;
  private transient PipelineCounter unrouted;

  public RouteAlerts(DeliveryConfig config) {
    this.config = config;
  }

  @Override
  public void open(OpenContext openContext) {
    unrouted = PipelineCounter.register(getRuntimeContext(), "alerts_unrouted");
  }

  @Override
  public void flatMap(Alert alert, Collector<Routed> out) {
    var routed = config.routes(alert);
    if (routed.isEmpty()) {
      unrouted.inc();
    }
    routed.forEach(out::collect);
  }
}
