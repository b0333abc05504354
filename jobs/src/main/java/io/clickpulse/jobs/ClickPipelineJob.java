package io.clickpulse.jobs;

import io.clickpulse.jobs.aggregate.MinuteAggregate;
import io.clickpulse.jobs.aggregate.MinuteAggregation;
import io.clickpulse.jobs.alert.AlertDetection;
import io.clickpulse.jobs.alert.AlertRules;
import io.clickpulse.jobs.clickhouse.ClickHouseMigrations;
import io.clickpulse.jobs.config.ClickPipelineConfig;
import io.clickpulse.jobs.kafka.KafkaConnectors;
import io.clickpulse.jobs.kafka.KafkaTopics;
import io.clickpulse.jobs.kafka.StartingOffsets;
import io.clickpulse.jobs.pipeline.ClickRecordDeserializer;
import io.clickpulse.jobs.pipeline.ClickWatermarks;
import io.clickpulse.jobs.pipeline.CountDeadLetters;
import io.clickpulse.jobs.pipeline.DeadLetter;
import io.clickpulse.jobs.pipeline.DeadLetters;
import io.clickpulse.jobs.pipeline.DeduplicateClicks;
import io.clickpulse.jobs.pipeline.EnrichClicks;
import io.clickpulse.jobs.pipeline.ParsedRecord;
import io.clickpulse.jobs.pipeline.SeparateRejects;
import io.clickpulse.udf.enrich.EnrichedClick;
import io.clickpulse.udf.enrich.UtmTaxonomy;
import io.clickpulse.udf.event.ClickEvent;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The click pipeline: Kafka {@code clicks.raw} → parse and validate (in the source, so that
 * watermarks come from valid events only) → deduplicate → enrich → ClickHouse {@code clicks}, and →
 * one-minute event-time aggregates → ClickHouse {@code clicks_minute} (too-late events → {@code
 * late_clicks}); every reject → Kafka {@code clicks.dlq}.
 *
 * <p>Deduplication runs before enrichment, although the product speaks of "validate, enrich,
 * deduplicate": the result is the same and duplicates never pay for user-agent parsing.
 */
public final class ClickPipelineJob {
  private static final Logger LOG = LoggerFactory.getLogger(ClickPipelineJob.class);

  private final ClickPipelineConfig config;

  public ClickPipelineJob(ClickPipelineConfig config) {
    this.config = config;
  }

  public static void main(String[] args) throws Exception {
    ClickPipelineConfig config = ClickPipelineConfig.fromArgs(args);
    LOG.info("Starting the click pipeline with {}", config);
    List<String> topics = new ArrayList<>(List.of(config.rawTopic(), config.deadLetterTopic()));
    if (config.alertsEnabled()) {
      topics.add(config.alertsTopic());
    }
    KafkaTopics.requireExisting(config.kafkaBootstrapServers(), topics);
    if (config.applyMigrations()) {
      new ClickHouseMigrations(
              config.clickhouseUrl(), config.clickhouseUser(), config.clickhousePassword())
          .apply();
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    JobEnvironment.configure(env, config);
    new ClickPipelineJob(config).build(env, source(config), ClickPipelineSinks.of(config));
    env.execute("clickpulse-pipeline");
  }

  /**
   * Adds the pipeline to {@code env}, reading from {@code source} and writing to {@code sinks}.
   * Returns the enriched clicks for further steps.
   */
  public DataStream<EnrichedClick> build(
      StreamExecutionEnvironment env, Source<ParsedRecord, ?, ?> source, ClickPipelineSinks sinks) {
    DataStream<ParsedRecord> parsed =
        env.fromSource(source, watermarks(), "clicks.raw").uid("source-clicks-raw");

    SingleOutputStreamOperator<ClickEvent> valid =
        parsed.process(new SeparateRejects()).name("validate").uid("validate");

    SingleOutputStreamOperator<ClickEvent> unique =
        valid
            .keyBy(event -> event.eventId)
            .process(new DeduplicateClicks(config.dedupTtl(), config.rawTopic()))
            .name("deduplicate")
            .uid("deduplicate");

    SingleOutputStreamOperator<EnrichedClick> enriched =
        unique
            .process(
                new EnrichClicks(
                    taxonomy(),
                    config.visitorHashSecret(),
                    config.userAgentCacheSize(),
                    config.rawTopic()))
            .name("enrich")
            .uid("enrich");

    enriched.sinkTo(sinks.clicks()).name("clickhouse-clicks").uid("sink-clickhouse-clicks");

    SingleOutputStreamOperator<EnrichedClick> counted = MinuteAggregation.onTime(enriched);
    SingleOutputStreamOperator<MinuteAggregate> minutes =
        MinuteAggregation.apply(counted, config.eventTime().allowedLateness());
    minutes
        .sinkTo(sinks.minuteAggregates())
        .name("clickhouse-clicks-minute")
        .uid("sink-clickhouse-clicks-minute");
    counted
        .getSideOutput(MinuteAggregation.TOO_LATE)
        .union(minutes.getSideOutput(MinuteAggregation.TOO_LATE))
        .map(new MinuteAggregation.CountTooLate())
        .name("count-too-late")
        .uid("count-too-late")
        .sinkTo(sinks.lateClicks())
        .name("clickhouse-late-clicks")
        .uid("sink-clickhouse-late-clicks");

    if (config.alertsEnabled()) {
      AlertDetection.Result detected = AlertDetection.apply(counted, alertRules());
      detected.alerts().sinkTo(sinks.alertsTopic()).name("kafka-alerts").uid("sink-kafka-alerts");
      detected
          .alerts()
          .sinkTo(sinks.alertsTable())
          .name("clickhouse-alerts")
          .uid("sink-clickhouse-alerts");
      if (detected.botClients() != null) {
        detected
            .botClients()
            .sinkTo(sinks.botClients())
            .name("clickhouse-bot-clients")
            .uid("sink-clickhouse-bot-clients");
      }
    }

    DataStream<DeadLetter> deadLetters =
        valid
            .getSideOutput(DeadLetters.TAG)
            .union(unique.getSideOutput(DeadLetters.TAG), enriched.getSideOutput(DeadLetters.TAG))
            .map(new CountDeadLetters())
            .name("count-dead-letters")
            .uid("count-dead-letters");
    deadLetters
        .sinkTo(sinks.deadLetters())
        .name("kafka-dead-letters")
        .uid("sink-kafka-dead-letters");
    deadLetters
        .sinkTo(sinks.deadLetterTable())
        .name("clickhouse-dead-letters")
        .uid("sink-clickhouse-dead-letters");
    unique
        .getSideOutput(DeduplicateClicks.DUPLICATES)
        .sinkTo(sinks.duplicates())
        .name("clickhouse-duplicates")
        .uid("sink-clickhouse-duplicates");

    return enriched;
  }

  /**
   * Click records from Kafka, parsed and validated as they are read ({@link
   * ClickRecordDeserializer}).
   */
  public static KafkaSource<ParsedRecord> source(ClickPipelineConfig config) {
    return KafkaConnectors.source(
        config.kafkaBootstrapServers(),
        config.rawTopic(),
        config.kafkaGroupId(),
        config.startingOffsets(),
        config.bounded() ? OffsetsInitializer.latest() : null,
        new ClickRecordDeserializer(config.validation(), config.eventTime()));
  }

  /**
   * Click records from the earliest offsets up to {@code stoppingOffsets}: a bounded run over input
   * that may still be on its way (a test that sends live while the job reads).
   */
  public static KafkaSource<ParsedRecord> sourceUntil(
      ClickPipelineConfig config, OffsetsInitializer stoppingOffsets) {
    return KafkaConnectors.source(
        config.kafkaBootstrapServers(),
        config.rawTopic(),
        config.kafkaGroupId(),
        StartingOffsets.EARLIEST,
        stoppingOffsets,
        new ClickRecordDeserializer(config.validation(), config.eventTime()));
  }

  /** Per-partition event-time watermarks from valid events (see {@link ClickWatermarks}). */
  public WatermarkStrategy<ParsedRecord> watermarks() {
    return ClickWatermarks.strategy(config.eventTime());
  }

  private AlertRules alertRules() {
    return config.alertRulesFile() == null
        ? AlertRules.bundled()
        : AlertRules.load(Paths.get(config.alertRulesFile()));
  }

  private UtmTaxonomy taxonomy() {
    return config.utmTaxonomyFile() == null
        ? UtmTaxonomy.bundled()
        : UtmTaxonomy.load(Paths.get(config.utmTaxonomyFile()));
  }
}
