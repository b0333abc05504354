package io.clickpulse.jobs.delivery;

import io.clickpulse.jobs.alert.Alert;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.Collector;

/**
 * The ticket stage of the delivery job (issue #18): alerts whose rule a {@code type: ticket}
 * destination takes → one {@link TicketFunction} incident per destination and alert id. Its
 * attempts and dead letters join the other destinations' (the {@link
 * DeliverNotifications#DEAD_LETTERS} side output).
 */
public final class TicketStage {
  private TicketStage() {}

  /** The stage's attempts, or null when the file has no ticket destination. */
  public static SingleOutputStreamOperator<DeliveryAttempt> attach(
      DataStream<Alert> alerts,
      DeliveryConfig config,
      DeliverNotifications.SerializableEnvironment environment) {
    if (!config.hasTickets()) {
      return null;
    }
    return alerts
        .flatMap(new TicketRoute(config, environment))
        .name("route-tickets")
        .uid("route-tickets")
        .keyBy(TicketFunction::key)
        .transform(
            "tickets",
            TypeInformation.of(DeliveryAttempt.class),
            new TicketOperator(new TicketFunction(config, environment)))
        .uid("tickets");
  }

  /** Each alert to every ticket destination whose {@code rules} name its rule. */
  public static class TicketRoute implements FlatMapFunction<Alert, Routed> {
    /** Destination name to its rules: no token travels with the job graph. */
    private final Map<String, List<String>> rules = new LinkedHashMap<>();

    public TicketRoute(
        DeliveryConfig config, DeliverNotifications.SerializableEnvironment environment) {
      config.tickets(environment).forEach(t -> rules.put(t.name(), t.rules()));
    }

    @Override
    public void flatMap(Alert alert, Collector<Routed> out) {
      if (alert.alertId == null || alert.alertId.isEmpty()) {
        return;
      }
      rules.forEach(
          (name, taken) -> {
            if (TicketSettings.takes(taken, alert.rule)) {
              out.collect(new Routed(name, -1, alert));
            }
          });
    }
  }
}
