package io.clickpulse.jobs.config;

import io.clickpulse.jobs.clickhouse.ClickHouseSettings;
import io.clickpulse.jobs.kafka.KafkaSettings;
import io.clickpulse.jobs.settings.Settings;
import java.time.Duration;
import java.util.Map;

/**
 * Typed, validated configuration of the alert delivery job; keys are listed in docs/delivery.md.
 *
 * @param deliveryConfigFile routes and destinations (YAML), loaded and checked by the job at start
 */
public record AlertDeliveryConfig(
    KafkaSettings kafka,
    String alertsTopic,
    String deadLetterTopic,
    ClickHouseSettings clickhouse,
    String deliveryConfigFile,
    Duration checkpointInterval) {

  public static final String JOB_ID = "clickpulse-delivery";

  public static AlertDeliveryConfig fromArgs(String[] args) {
    return from(Settings.load(args, System.getenv()));
  }

  public static AlertDeliveryConfig from(Map<String, String> values) {
    return from(Settings.of(values));
  }

  public static AlertDeliveryConfig from(Settings s) {
    AlertDeliveryConfig config =
        new AlertDeliveryConfig(
            KafkaSettings.from(s, JOB_ID),
            s.string("kafka.topic.alerts", "alerts"),
            s.string("kafka.topic.delivery-dead-letter", "alerts.dlq"),
            // The writer account may not migrate: leave it to the migrator (docker/, k8s).
            ClickHouseSettings.connection(s)
                .withApplyMigrations(s.bool("clickhouse.apply-migrations", true)),
            s.required("delivery.config-file"),
            s.duration("checkpoint.interval", Duration.ofSeconds(5)));
    s.validate();
    return config;
  }

  /** Secrets masked: this is what gets logged. */
  @Override
  public String toString() {
    return "AlertDeliveryConfig{kafka="
        + kafka.bootstrapServers()
        + ", topics="
        + alertsTopic
        + "->"
        + deadLetterTopic
        + ", clickhouse="
        + clickhouse.url()
        + " as "
        + clickhouse.user()
        + ", routes="
        + deliveryConfigFile
        + "}";
  }
}
