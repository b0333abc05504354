package io.clickpulse.jobs.config;

import io.clickpulse.jobs.alert.AlertRules;
import io.clickpulse.jobs.clickhouse.ClickHouseSettings;
import io.clickpulse.jobs.kafka.StartingOffsets;
import io.clickpulse.jobs.pipeline.EventTimeSettings;
import io.clickpulse.jobs.settings.Settings;
import io.clickpulse.udf.enrich.IpPrivacy;
import io.clickpulse.udf.enrich.UserAgentClassifier;
import io.clickpulse.udf.event.ValidationLimits;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Typed, validated configuration of the click pipeline. Every key, its default and its environment
 * variable are listed in the README ("Configuration").
 */
public record ClickPipelineConfig(
    String kafkaBootstrapServers,
    String kafkaGroupId,
    String rawTopic,
    String deadLetterTopic,
    String alertsTopic,
    StartingOffsets startingOffsets,
    boolean bounded,
    String transactionalIdPrefix,
    String clickhouseUrl,
    String clickhouseUser,
    String clickhousePassword,
    int clickhouseBatchSize,
    Duration clickhouseBatchInterval,
    int clickhouseMaxRetries,
    boolean applyMigrations,
    String visitorHashSecret,
    ValidationLimits validation,
    Duration dedupTtl,
    EventTimeSettings eventTime,
    String utmTaxonomyFile,
    boolean alertsEnabled,
    String alertRulesFile,
    int userAgentCacheSize,
    Duration checkpointInterval,
    String checkpointDir,
    String savepointDir,
    int parallelism) {

  private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9.\\-\\[\\]:]+:(\\d{1,5})");
  private static final Pattern CLICKHOUSE_URL =
      Pattern.compile("jdbc:(clickhouse|ch)(:https?)?://[^/:]+:\\d{1,5}/[A-Za-z0-9_]+(\\?.*)?");

  public static ClickPipelineConfig fromArgs(String[] args) {
    return from(Settings.load(args, System.getenv()));
  }

  public static ClickPipelineConfig from(Map<String, String> values) {
    return from(Settings.of(values));
  }

  public static ClickPipelineConfig from(Settings s) {
    ClickPipelineConfig config =
        new ClickPipelineConfig(
            bootstrapServers(s),
            s.string("kafka.group-id", "clickpulse-pipeline"),
            s.string("kafka.topic.raw", "clicks.raw"),
            s.string("kafka.topic.dead-letter", "clicks.dlq"),
            s.string("kafka.topic.alerts", "alerts"),
            s.choice("kafka.starting-offsets", StartingOffsets.COMMITTED),
            s.bool("kafka.bounded", false),
            s.string("kafka.transactional-id-prefix", "clickpulse-pipeline"),
            clickhouseUrl(s),
            s.string("clickhouse.user", "default"),
            s.string("clickhouse.password", ""),
            s.integer("clickhouse.batch-size", 10_000, 1, 1_000_000),
            s.duration("clickhouse.batch-interval", Duration.ofSeconds(2)),
            s.integer("clickhouse.max-retries", 5, 0, 100),
            s.bool("clickhouse.apply-migrations", true),
            secret(s),
            validationLimits(s),
            s.duration("dedup.ttl", Duration.ofHours(24)),
            new EventTimeSettings(
                s.duration("aggregate.out-of-orderness", Duration.ofSeconds(30)),
                s.duration("aggregate.allowed-lateness", Duration.ofMinutes(5)),
                s.duration("aggregate.idle-timeout", Duration.ofMinutes(1)),
                s.duration("aggregate.max-clock-lead", Duration.ofMinutes(1))),
            s.string("utm.taxonomy-file", null),
            s.bool("alerts.enabled", true),
            alertRulesFile(s),
            s.integer(
                "enrich.user-agent-cache-size",
                UserAgentClassifier.DEFAULT_CACHE_SIZE,
                0,
                10_000_000),
            s.duration("checkpoint.interval", Duration.ofSeconds(10)),
            s.string("checkpoint.dir", null),
            s.string("savepoint.dir", null),
            s.integer("parallelism", 0, 0, 1024));
    s.validate();
    return config;
  }

  static String bootstrapServers(Settings s) {
    String value = s.required("kafka.bootstrap-servers");
    if (value != null) {
      for (String server : value.split(",")) {
        var m = HOST_PORT.matcher(server.strip());
        if (!m.matches()
            || Integer.parseInt(m.group(1)) < 1
            || Integer.parseInt(m.group(1)) > 65535) {
          s.problem(
              "'kafka.bootstrap-servers' must be host:port[,host:port...], got '"
                  + server.strip()
                  + "'");
        }
      }
    }
    return value;
  }

  static String clickhouseUrl(Settings s) {
    String value = s.required("clickhouse.url");
    if (value != null && !CLICKHOUSE_URL.matcher(value).matches()) {
      s.problem(
          "'clickhouse.url' must look like jdbc:clickhouse://host:8123/database, got '"
              + value
              + "'");
    }
    return value;
  }

  private static String secret(Settings s) {
    String value = s.required("privacy.visitor-hash-secret");
    if (value != null && value.length() < IpPrivacy.MIN_SECRET_LENGTH) {
      s.problem(
          "'privacy.visitor-hash-secret' must have at least "
              + IpPrivacy.MIN_SECRET_LENGTH
              + " characters");
    }
    return value;
  }

  /** Loaded once here so that a bad rules file fails the start with its own messages. */
  private static String alertRulesFile(Settings s) {
    String file = s.string("alerts.rules-file", null);
    if (file != null) {
      try {
        AlertRules.load(java.nio.file.Paths.get(file));
      } catch (IllegalArgumentException e) {
        s.problem("'alerts.rules-file': " + e.getMessage());
      }
    }
    return file;
  }

  private static ValidationLimits validationLimits(Settings s) {
    ValidationLimits d = ValidationLimits.DEFAULTS;
    return new ValidationLimits(
        s.integer("validation.max-record-bytes", d.maxRecordBytes(), 1024, 10 * 1024 * 1024),
        s.duration("validation.max-event-age", d.maxEventAge()),
        s.duration("validation.max-future-skew", d.maxFutureSkew()));
  }

  public ClickHouseSettings clickhouse() {
    return new ClickHouseSettings(
        clickhouseUrl,
        clickhouseUser,
        clickhousePassword,
        clickhouseBatchSize,
        clickhouseBatchInterval,
        clickhouseMaxRetries,
        applyMigrations);
  }

  /** The database named in the ClickHouse URL. */
  public String clickhouseDatabase() {
    String afterHost = clickhouseUrl.substring(clickhouseUrl.indexOf("//") + 2);
    String path = afterHost.substring(afterHost.indexOf('/') + 1);
    int query = path.indexOf('?');
    return query >= 0 ? path.substring(0, query) : path;
  }

  /** Secrets masked: this is what gets logged. */
  @Override
  public String toString() {
    return "ClickPipelineConfig{kafka="
        + kafkaBootstrapServers
        + ", topics="
        + rawTopic
        + "->"
        + deadLetterTopic
        + ", group="
        + kafkaGroupId
        + ", start="
        + startingOffsets
        + ", bounded="
        + bounded
        + ", clickhouse="
        + clickhouseUrl
        + " as "
        + clickhouseUser
        + ", batch="
        + clickhouseBatchSize
        + "/"
        + clickhouseBatchInterval
        + ", dedupTtl="
        + dedupTtl
        + ", checkpoint="
        + checkpointInterval
        + (checkpointDir == null ? "" : " to " + checkpointDir)
        + ", secret=***}";
  }
}
