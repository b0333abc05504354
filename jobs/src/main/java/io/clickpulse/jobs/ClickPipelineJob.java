package io.clickpulse.jobs;

import io.clickpulse.jobs.aggregate.MinuteAggregate;
import io.clickpulse.jobs.aggregate.MinuteAggregation;
import io.clickpulse.jobs.alert.Alert;
import io.clickpulse.jobs.alert.AlertDetection;
import io.clickpulse.jobs.clickhouse.ClickHouseMigrations;
import io.clickpulse.jobs.config.ClickPipelineConfig;
import io.clickpulse.jobs.conversion.Attribute;
import io.clickpulse.jobs.conversion.ConversionSource;
import io.clickpulse.jobs.crm.CrmSignals;
import io.clickpulse.jobs.kafka.KafkaConnectors;
import io.clickpulse.jobs.kafka.KafkaSettings;
import io.clickpulse.jobs.kafka.KafkaTopics;
import io.clickpulse.jobs.kafka.StartingOffsets;
import io.clickpulse.jobs.link.ClickFeed;
import io.clickpulse.jobs.link.LinkLifecycle;
import io.clickpulse.jobs.link.LinkSource;
import io.clickpulse.jobs.link.ParsedLink;
import io.clickpulse.jobs.pipeline.ClickEventFormat;
import io.clickpulse.jobs.pipeline.ClickRecordDeserializer;
import io.clickpulse.jobs.pipeline.ClickWatermarks;
import io.clickpulse.jobs.pipeline.CountDeadLetters;
import io.clickpulse.jobs.pipeline.DeadLetter;
import io.clickpulse.jobs.pipeline.DeadLetters;
import io.clickpulse.jobs.pipeline.DeduplicateClicks;
import io.clickpulse.jobs.pipeline.EnrichClicks;
import io.clickpulse.jobs.pipeline.EnrichedClickFormat;
import io.clickpulse.jobs.pipeline.JudgeEventTime;
import io.clickpulse.jobs.pipeline.ParsedRecord;
import io.clickpulse.jobs.pipeline.SeparateRejects;
import io.clickpulse.udf.conversion.ConversionEvent;
import io.clickpulse.udf.crm.CrmSignal;
import io.clickpulse.udf.enrich.EnrichedClick;
import io.clickpulse.udf.event.ClickEvent;
import io.clickpulse.udf.link.LinkEvent;
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
 * watermarks come from valid events only) → too late or clock ahead, per partition → deduplicate →
 * enrich → bot patterns per client (their clicks marked as bots) → ClickHouse {@code clicks}, and →
 * one-minute event-time aggregates → ClickHouse {@code clicks_minute} (too-late events → {@code
 * late_clicks}) → alerts; every reject → Kafka {@code clicks.dlq}. With {@code kafka.topic.links},
 * the link catalog joins the clicks between enrich and the bot patterns (docs/links.md).
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
    if (config.alerts().enabled()) {
      topics.add(config.alertsTopic());
    }
    if (config.linksEnabled()) {
      topics.add(config.linksTopic());
    }
    if (config.conversions().enabled()) {
      topics.add(config.conversions().topic());
    }
    if (config.crm().enabled()) {
      topics.add(config.crm().topic());
    }
    if (config.clickFeed().enabled()) {
      topics.add(config.clickFeed().topic());
    }
    KafkaTopics.requireExisting(config.kafka().bootstrapServers(), topics);
    if (config.clickhouse().applyMigrations()) {
      new ClickHouseMigrations(config.clickhouse()).apply();
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    JobEnvironment.configure(env, config);
    new ClickPipelineJob(config)
        .build(env, ClickPipelineSources.of(config), ClickPipelineSinks.of(config));
    env.execute("clickpulse-pipeline");
  }

  /**
   * Adds the pipeline to {@code env}, reading from {@code source} and writing to {@code sinks}, in
   * the stages of the README's diagram. Returns the enriched clicks for further steps.
   */
  public DataStream<EnrichedClick> build(
      StreamExecutionEnvironment env, Source<ParsedRecord, ?, ?> source, ClickPipelineSinks sinks) {
    return build(env, new ClickPipelineSources(source, null, null), sinks);
  }

  /** As above, with the link stage reading {@code links} (null: off). */
  public DataStream<EnrichedClick> build(
      StreamExecutionEnvironment env,
      Source<ParsedRecord, ?, ?> source,
      Source<ParsedLink, ?, ?> links,
      ClickPipelineSinks sinks) {
    return build(env, new ClickPipelineSources(source, links, null), sinks);
  }

  /**
   * As above, with the optional stages whose sources are set: links (when {@code kafka.topic.links}
   * is set, the catalog joined with the enriched clicks: one more keyBy, by link id, only then) and
   * conversions (when {@code kafka.topic.conversions} is set, attributed to the judged human
   * clicks); their alerts and rejects go into the job's shared sinks.
   */
  public DataStream<EnrichedClick> build(
      StreamExecutionEnvironment env, ClickPipelineSources sources, ClickPipelineSinks sinks) {
    SingleOutputStreamOperator<LinkEvent> linkEvents =
        sources.links() != null && config.linksEnabled()
            ? LinkSource.read(
                env,
                sources.links(),
                config.eventTime().outOfOrderness(),
                config.eventTime().linksIdleTimeout())
            : null;
    SingleOutputStreamOperator<ClickEvent> valid = validate(env, sources.clicks());
    SingleOutputStreamOperator<ClickEvent> unique = deduplicate(judgeEventTime(valid), sinks);
    SingleOutputStreamOperator<EnrichedClick> enriched = enrich(unique);
    LinkStage linkStage =
        linkEvents == null ? LinkStage.off(enriched) : linkCatalog(linkEvents, enriched, sinks);
    SingleOutputStreamOperator<EnrichedClick> patterns = detectClientPatterns(linkStage.clicks());
    DataStream<EnrichedClick> judged = patterns == null ? linkStage.clicks() : patterns;
    judged.sinkTo(sinks.clicks()).name("clickhouse-clicks").uid("sink-clickhouse-clicks");
    if (sinks.clickFeed() != null && config.clickFeed().enabled()) {
      // Judged: after the catalog join and the bots by behaviour, so only human clicks go out.
      ClickFeed.apply(judged, config.clickFeed().filter())
          .sinkTo(sinks.clickFeed())
          .name("kafka-click-feed")
          .uid("sink-kafka-click-feed");
    }
    SingleOutputStreamOperator<EnrichedClick> counted = aggregateMinutes(judged, sinks);
    crmSignals(counted, sinks);
    if (config.alerts().enabled()) {
      detectAlerts(counted, patterns, linkStage.alerts(), sinks);
    }
    DataStream<DeadLetter> conversionRejects = attributeConversions(env, sources, judged, sinks);
    deadLetters(sinks, valid, unique, enriched, linkStage.rejects(), conversionRejects);
    return linkStage.clicks();
  }

  /**
   * Conversions → attributed to the visitor's last human click and assisting clicks (clicks of
   * clients the bot patterns caught earn nothing) → {@code conversions}; returns the rejects, or
   * null when the stage is off.
   */
  private DataStream<DeadLetter> attributeConversions(
      StreamExecutionEnvironment env,
      ClickPipelineSources sources,
      DataStream<EnrichedClick> judged,
      ClickPipelineSinks sinks) {
    if (sources.conversions() == null || !config.conversions().enabled()) {
      return null;
    }
    SingleOutputStreamOperator<ConversionEvent> valid =
        ConversionSource.read(env, sources.conversions(), config.eventTime().outOfOrderness());
    Attribute.apply(judged, valid, config.conversions(), config.enrich().visitorHashSecret())
        .sinkTo(sinks.conversions())
        .name("clickhouse-conversions")
        .uid("sink-clickhouse-conversions");
    return valid.getSideOutput(DeadLetters.TAG);
  }

  /**
   * With {@code kafka.topic.crm-signals} and rules in the rules file's {@code crm:} section: the
   * counted clicks (bots, test traffic and too-late clicks left out) → CRM signals → Kafka and
   * {@code crm_signals} (docs/crm.md). Off, the graph is unchanged.
   */
  private void crmSignals(DataStream<EnrichedClick> counted, ClickPipelineSinks sinks) {
    if (!config.crm().enabled() || sinks.crmSignals() == null) {
      return;
    }
    DataStream<CrmSignal> signals = CrmSignals.apply(counted, config.alerts().rules().crm());
    if (signals == null) {
      LOG.warn("kafka.topic.crm-signals is set but the rules file has no crm: rules: no signals");
    } else {
      signals
          .sinkTo(sinks.crmSignals().topic())
          .name("kafka-crm-signals")
          .uid("sink-kafka-crm-signals");
      signals
          .sinkTo(sinks.crmSignals().table())
          .name("clickhouse-crm-signals")
          .uid("sink-clickhouse-crm-signals");
    }
  }

  /**
   * What the link stage adds: its alerts and rejects for the shared sinks, and the clicks stamped
   * with the catalog; off, no alerts or rejects and the enriched clicks as they are.
   */
  private record LinkStage(
      DataStream<Alert> alerts, DataStream<DeadLetter> rejects, DataStream<EnrichedClick> clicks) {
    static LinkStage off(DataStream<EnrichedClick> enriched) {
      return new LinkStage(null, null, enriched);
    }
  }

  /**
   * Link events → per-link catalog joined with the clicks (stamped, checked) and bulk-import
   * summaries → {@code link_events} (and {@code links} through its view). Before the client
   * patterns, so that every stored click and aggregate carries the catalog's fields.
   */
  private LinkStage linkCatalog(
      SingleOutputStreamOperator<LinkEvent> events,
      DataStream<EnrichedClick> enriched,
      ClickPipelineSinks sinks) {
    LinkLifecycle.Result lifecycle =
        LinkLifecycle.apply(
            events,
            enriched,
            config.alerts().rules().links(),
            config.enrich().taxonomy(),
            config.alerts().rules().linkImportQuiet(),
            config.alerts().rules());
    lifecycle.rows().sinkTo(sinks.links()).name("clickhouse-links").uid("sink-clickhouse-links");
    return new LinkStage(
        lifecycle.alerts(), events.getSideOutput(DeadLetters.TAG), lifecycle.clicks());
  }

  /** Records parsed and validated in the source; rejects to the dead-letter side output. */
  private SingleOutputStreamOperator<ClickEvent> validate(
      StreamExecutionEnvironment env, Source<ParsedRecord, ?, ?> source) {
    DataStream<ParsedRecord> parsed =
        env.fromSource(source, watermarks(), "clicks.raw").uid("source-clicks-raw");
    return parsed.process(new SeparateRejects()).name("validate").uid("validate");
  }

  /** Too late for its minute, clock ahead: decided per partition, its progress checkpointed. */
  private DataStream<ClickEvent> judgeEventTime(DataStream<ClickEvent> valid) {
    return valid
        .process(new JudgeEventTime(config.eventTime()))
        .returns(ClickEventFormat.TYPE)
        .name("event-time")
        .uid("event-time");
  }

  /** One event per event_id; exact repeats → {@code duplicate_clicks}, conflicts rejected. */
  private SingleOutputStreamOperator<ClickEvent> deduplicate(
      DataStream<ClickEvent> valid, ClickPipelineSinks sinks) {
    SingleOutputStreamOperator<ClickEvent> unique =
        valid
            .keyBy(DeduplicateClicks::key, DeduplicateClicks.KEY_TYPE)
            .process(new DeduplicateClicks(config.dedup().ttl(), config.rawTopic()))
            .name("deduplicate")
            .uid("deduplicate-v2");
    unique
        .getSideOutput(DeduplicateClicks.DUPLICATES)
        .sinkTo(sinks.duplicates())
        .name("clickhouse-duplicates")
        .uid("sink-clickhouse-duplicates");
    return unique;
  }

  /** UTM taxonomy, user agent, bots by user agent, referrer, IP hash and network. */
  private SingleOutputStreamOperator<EnrichedClick> enrich(DataStream<ClickEvent> unique) {
    return unique
        .process(
            new EnrichClicks(
                config.enrich().taxonomy(),
                config.enrich().visitorHashSecret(),
                config.enrich().userAgentCacheSize(),
                config.rawTopic()))
        .returns(EnrichedClickFormat.TYPE)
        .name("enrich")
        .uid("enrich");
  }

  /**
   * Bots by behaviour: per client, the burst, scan and metronome patterns; a caught client's clicks
   * are marked as bots before anything counts them ({@code bots.mark-delay} of event time later, or
   * when the input goes idle), the alerts and {@code bot_clients} rows on the side. Null when
   * alerts or bot rules are off.
   */
  private SingleOutputStreamOperator<EnrichedClick> detectClientPatterns(
      DataStream<EnrichedClick> enriched) {
    if (!config.alerts().enabled() || !config.alerts().rules().bots().enabled) {
      return null;
    }
    return AlertDetection.clientPatterns(enriched, config.alerts().rules());
  }

  /**
   * One-minute windows → {@code clicks_minute}; events too late for their window → {@code
   * late_clicks}. Returns the on-time clicks, test traffic dropped, for the alert rules.
   */
  private SingleOutputStreamOperator<EnrichedClick> aggregateMinutes(
      DataStream<EnrichedClick> enriched, ClickPipelineSinks sinks) {
    SingleOutputStreamOperator<EnrichedClick> counted = MinuteAggregation.onTime(enriched);
    SingleOutputStreamOperator<MinuteAggregate> minutes =
        MinuteAggregation.apply(counted, config.eventTime().allowedLateness());
    minutes
        .sinkTo(sinks.minuteAggregates())
        .name("clickhouse-clicks-minute")
        .uid("sink-clickhouse-clicks-minute-committed");
    MinuteAggregation.tooLate(counted, minutes)
        .sinkTo(sinks.lateClicks())
        .name("clickhouse-late-clicks")
        .uid("sink-clickhouse-late-clicks");
    return counted;
  }

  /** Minute observations, CEP episodes and client patterns → Kafka and ClickHouse alerts. */
  private void detectAlerts(
      DataStream<EnrichedClick> counted,
      SingleOutputStreamOperator<EnrichedClick> patterns,
      DataStream<Alert> linkAlerts,
      ClickPipelineSinks sinks) {
    AlertDetection.Result detected =
        AlertDetection.apply(counted, patterns, config.alerts().rules());
    DataStream<Alert> alerts =
        linkAlerts == null ? detected.alerts() : detected.alerts().union(linkAlerts);
    alerts.sinkTo(sinks.alertsTopic()).name("kafka-alerts").uid("sink-kafka-alerts");
    alerts
        .sinkTo(sinks.alertsTable())
        .name("clickhouse-alerts")
        .uid("sink-clickhouse-alerts-committed");
    if (detected.botClients() != null) {
      detected
          .botClients()
          .sinkTo(sinks.botClients())
          .name("clickhouse-bot-clients")
          .uid("sink-clickhouse-bot-clients-committed");
    }
  }

  /**
   * Every step's rejects, counted by reason → Kafka {@code clicks.dlq} and {@code dead_letters}.
   */
  private void deadLetters(
      ClickPipelineSinks sinks,
      SingleOutputStreamOperator<ClickEvent> valid,
      SingleOutputStreamOperator<ClickEvent> unique,
      SingleOutputStreamOperator<EnrichedClick> enriched,
      DataStream<DeadLetter> linkDeadLetters,
      DataStream<DeadLetter> conversionDeadLetters) {
    DataStream<DeadLetter> deadLetters =
        valid
            .getSideOutput(DeadLetters.TAG)
            .union(unique.getSideOutput(DeadLetters.TAG), enriched.getSideOutput(DeadLetters.TAG))
            .map(new CountDeadLetters())
            .name("count-dead-letters")
            .uid("count-dead-letters");
    if (linkDeadLetters != null) {
      // Already counted by LinkSource (links_rejected_<reason>): not twice.
      deadLetters = deadLetters.union(linkDeadLetters);
    }
    if (conversionDeadLetters != null) {
      // Likewise counted by ConversionSource.
      deadLetters = deadLetters.union(conversionDeadLetters);
    }
    deadLetters
        .sinkTo(sinks.deadLetters())
        .name("kafka-dead-letters")
        .uid("sink-kafka-dead-letters");
    deadLetters
        .sinkTo(sinks.deadLetterTable())
        .name("clickhouse-dead-letters")
        .uid("sink-clickhouse-dead-letters");
  }

  /** Click records from Kafka, parsed and validated as they are read. */
  public static KafkaSource<ParsedRecord> source(ClickPipelineConfig config) {
    KafkaSettings kafka = config.kafka();
    return source(
        config, kafka.startingOffsets(), kafka.bounded() ? OffsetsInitializer.latest() : null);
  }

  /**
   * Click records from the earliest offsets up to {@code stoppingOffsets}: a bounded run over input
   * that may still be on its way (a test that sends live while the job reads).
   */
  public static KafkaSource<ParsedRecord> sourceUntil(
      ClickPipelineConfig config, OffsetsInitializer stoppingOffsets) {
    return source(config, StartingOffsets.EARLIEST, stoppingOffsets);
  }

  private static KafkaSource<ParsedRecord> source(
      ClickPipelineConfig config, StartingOffsets start, OffsetsInitializer stoppingOffsets) {
    return KafkaConnectors.source(
        config.kafka(),
        config.rawTopic(),
        start,
        stoppingOffsets,
        new ClickRecordDeserializer(config.validation(), config.eventTime()));
  }

  /** Link events from Kafka {@code kafka.topic.links}, parsed and validated as they are read. */
  public static KafkaSource<ParsedLink> linkSource(ClickPipelineConfig config) {
    return LinkSource.kafka(config.kafka(), config.linksTopic(), config.validation());
  }

  /** Per-partition event-time watermarks from valid events (see {@link ClickWatermarks}). */
  public WatermarkStrategy<ParsedRecord> watermarks() {
    return ClickWatermarks.strategy(config.eventTime());
  }
}
