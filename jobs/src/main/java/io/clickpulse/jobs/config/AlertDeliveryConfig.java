package io.clickpulse.jobs.config;

import io.clickpulse.jobs.kafka.StartingOffsets;
import io.clickpulse.jobs.settings.Settings;
import java.time.Duration;
import java.util.Map;

/**
 * Typed, validated configuration of the alert delivery job; keys are listed in docs/delivery.md.
 */
public record AlertDeliveryConfig(
    String kafkaBootstrapServers,
    String kafkaGroupId,
    String alertsTopic,
    String deadLetterTopic,
    StartingOffsets startingOffsets,
    boolean bounded,
    String transactionalIdPrefix,
    String clickhouseUrl,
    String clickhouseUser,
    String clickhousePassword,
    String deliveryConfigFile,
    Duration checkpointInterval) {

  public static AlertDeliveryConfig fromArgs(String[] args) {
    return from(Settings.load(args, System.getenv()));
  }

  public static AlertDeliveryConfig from(Map<String, String> values) {
    return from(Settings.of(values));
  }

  public static AlertDeliveryConfig from(Settings s) {
    AlertDeliveryConfig config =
        new AlertDeliveryConfig(
            ClickPipelineConfig.bootstrapServers(s),
            s.string("kafka.group-id", "clickpulse-delivery"),
            s.string("kafka.topic.alerts", "alerts"),
            s.string("kafka.topic.delivery-dead-letter", "alerts.dlq"),
            s.choice("kafka.starting-offsets", StartingOffsets.COMMITTED),
            s.bool("kafka.bounded", false),
            s.string("kafka.transactional-id-prefix", "clickpulse-delivery"),
            ClickPipelineConfig.clickhouseUrl(s),
            s.string("clickhouse.user", "default"),
            s.string("clickhouse.password", ""),
            s.required("delivery.config-file"),
            s.duration("checkpoint.interval", Duration.ofSeconds(5)));
    s.validate();
    return config;
  }

  /** Secrets masked: this is what gets logged. */
  @Override
  public String toString() {
    return "AlertDeliveryConfig{kafka="
        + kafkaBootstrapServers
        + ", topics="
        + alertsTopic
        + "->"
        + deadLetterTopic
        + ", clickhouse="
        + clickhouseUrl
        + " as "
        + clickhouseUser
        + ", routes="
        + deliveryConfigFile
        + "}";
  }
}
