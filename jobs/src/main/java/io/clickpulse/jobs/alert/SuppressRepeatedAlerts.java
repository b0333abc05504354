package io.clickpulse.jobs.alert;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The last line against noise, keyed by {@link #key} (rule + subject, or rule + network for
 * clients): an alert id and status is passed once; and rules that fire on events rather than
 * episodes (bot patterns, missing UTM) stay quiet for a cooldown after they fired about the same
 * subject.
 */
public class SuppressRepeatedAlerts extends KeyedProcessFunction<String, Alert, Alert> {
  private final Duration cooldown;
  private transient MapState<String, Boolean> passed;
  private transient ValueState<Long> lastEventAlert;

  public SuppressRepeatedAlerts(Duration cooldown) {
    this.cooldown = cooldown;
  }

  @Override
  public void open(OpenContext openContext) {
    StateTtlConfig week =
        StateTtlConfig.newBuilder(Duration.ofDays(7)).cleanupFullSnapshot().build();
    MapStateDescriptor<String, Boolean> passedDescriptor =
        new MapStateDescriptor<>("passed", String.class, Boolean.class);
    passedDescriptor.enableTimeToLive(week);
    passed = getRuntimeContext().getMapState(passedDescriptor);
    ValueStateDescriptor<Long> lastDescriptor =
        new ValueStateDescriptor<>("last-event-alert", Long.class);
    lastDescriptor.enableTimeToLive(week);
    lastEventAlert = getRuntimeContext().getState(lastDescriptor);
  }

  @Override
  public void processElement(Alert alert, Context ctx, Collector<Alert> out) throws Exception {
    String key = alert.alertId + "/" + alert.status;
    if (passed.contains(key)) {
      return;
    }
    if (isEventRule(alert.rule)) {
      Long last = lastEventAlert.value();
      if (last != null && alert.windowStart < last + cooldown.toMillis()) {
        return;
      }
      lastEventAlert.update(alert.windowStart);
    }
    passed.put(key, true);
    out.collect(alert);
  }

  /**
   * What repeats are suppressed per: the fingerprint (rule and subject), but for a client the rule
   * and its IP network, so that a bot rotating its user agent (a new client, IP + user agent, for
   * every few clicks) is one alert per cooldown, not one per user agent. Each client is still
   * marked and recorded in {@code bot_clients}.
   */
  public static String key(Alert alert) {
    String network = alert.evidence.get("ip_network");
    return "client".equals(alert.subjectType) && network != null && !network.isEmpty()
        ? alert.rule + "|network:" + network
        : alert.fingerprint;
  }

  static boolean isEventRule(String rule) {
    return rule.startsWith("bot_") || rule.equals("missing_utm") || rule.startsWith("qr_");
  }
}
