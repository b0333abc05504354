package io.clickpulse.jobs.config;

import io.clickpulse.jobs.alert.AlertSettings;
import io.clickpulse.jobs.clickhouse.ClickHouseSettings;
import io.clickpulse.jobs.conversion.ConversionSettings;
import io.clickpulse.jobs.crm.CrmSettings;
import io.clickpulse.jobs.kafka.KafkaSettings;
import io.clickpulse.jobs.link.ClickFeedSettings;
import io.clickpulse.jobs.pipeline.DedupSettings;
import io.clickpulse.jobs.pipeline.EnrichSettings;
import io.clickpulse.jobs.pipeline.EventTimeSettings;
import io.clickpulse.jobs.settings.Settings;
import io.clickpulse.udf.event.ValidationLimits;
import java.util.Map;

/**
 * Typed, validated configuration of the click pipeline, one record per concern. Every key, its
 * default and its environment variable are listed in the README ("Configuration"); all of them are
 * checked, and the rules and taxonomy files loaded, once, in {@link #from(Settings)}.
 *
 * @param rawTopic the input topic
 * @param deadLetterTopic every reject, exactly once
 * @param alertsTopic alert events, exactly once, keyed by alert id
 * @param parallelism job parallelism; 0: the cluster's default
 * @param linksTopic link lifecycle events (docs/links.md); empty: the link stage is off
 * @param conversions the conversions stage (docs/conversions.md); off without its topic
 * @param crm the CRM signals (docs/crm.md); off without their topic
 * @param clickFeed the click feed (docs/delivery.md, "Feeds"); off without its topic
 */
public record ClickPipelineConfig(
    KafkaSettings kafka,
    String rawTopic,
    String deadLetterTopic,
    String alertsTopic,
    ClickHouseSettings clickhouse,
    ValidationLimits validation,
    DedupSettings dedup,
    EventTimeSettings eventTime,
    EnrichSettings enrich,
    AlertSettings alerts,
    CheckpointSettings checkpoint,
    int parallelism,
    String linksTopic,
    ConversionSettings conversions,
    CrmSettings crm,
    ClickFeedSettings clickFeed) {

  public static final String JOB_ID = "clickpulse-pipeline";

  /** Whether {@code kafka.topic.links} is set: the link lifecycle stage runs. */
  public boolean linksEnabled() {
    return !linksTopic.isBlank();
  }

  public static ClickPipelineConfig fromArgs(String[] args) {
    return from(Settings.load(args, System.getenv()));
  }

  public static ClickPipelineConfig from(Map<String, String> values) {
    return from(Settings.of(values));
  }

  public static ClickPipelineConfig from(Settings s) {
    AlertSettings alerts = AlertSettings.from(s);
    ClickPipelineConfig config =
        new ClickPipelineConfig(
            KafkaSettings.from(s, JOB_ID),
            s.string("kafka.topic.raw", "clicks.raw"),
            s.string("kafka.topic.dead-letter", "clicks.dlq"),
            s.string("kafka.topic.alerts", "alerts"),
            ClickHouseSettings.from(s),
            validationLimits(s),
            DedupSettings.from(s),
            EventTimeSettings.from(s),
            EnrichSettings.from(s),
            alerts,
            CheckpointSettings.from(s),
            s.integer("parallelism", 0, 0, 1024),
            s.string("kafka.topic.links", ""),
            ConversionSettings.from(s),
            CrmSettings.from(s),
            ClickFeedSettings.from(s, alerts.rules()));
    if (config.linksEnabled()
        && config.alerts().rules() != null
        && config.enrich().taxonomy() != null) {
      try {
        // links.required-utm must name the taxonomy's channels: fail at start, not in the job.
        config.alerts().rules().links().checkChannels(config.enrich().taxonomy());
      } catch (IllegalArgumentException e) {
        s.problem("'alerts.rules-file': " + e.getMessage());
      }
    }
    s.validate();
    return config;
  }

  private static ValidationLimits validationLimits(Settings s) {
    ValidationLimits d = ValidationLimits.DEFAULTS;
    return new ValidationLimits(
        s.integer("validation.max-record-bytes", d.maxRecordBytes(), 1024, 10 * 1024 * 1024),
        s.duration("validation.max-event-age", d.maxEventAge()),
        s.duration("validation.max-future-skew", d.maxFutureSkew()));
  }

  /** Secrets masked: this is what gets logged. */
  @Override
  public String toString() {
    return "ClickPipelineConfig{kafka="
        + kafka.bootstrapServers()
        + ", topics="
        + rawTopic
        + "->"
        + deadLetterTopic
        + ", group="
        + kafka.groupId()
        + ", start="
        + kafka.startingOffsets()
        + ", bounded="
        + kafka.bounded()
        + ", clickhouse="
        + clickhouse
        + ", dedupTtl="
        + dedup.ttl()
        + ", "
        + enrich
        + ", alerts="
        + (alerts.enabled()
            ? alerts.rulesFile() == null ? "bundled rules" : alerts.rulesFile()
            : "off")
        + ", checkpoint="
        + checkpoint.interval()
        + (checkpoint.dir() == null ? "" : " to " + checkpoint.dir())
        + "}";
  }
}
