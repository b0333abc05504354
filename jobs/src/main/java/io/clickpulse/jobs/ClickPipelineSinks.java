package io.clickpulse.jobs;

import io.clickpulse.jobs.aggregate.LateClicksTable;
import io.clickpulse.jobs.aggregate.MinuteAggregate;
import io.clickpulse.jobs.aggregate.MinuteAggregatesTable;
import io.clickpulse.jobs.aggregate.MinuteClick;
import io.clickpulse.jobs.alert.Alert;
import io.clickpulse.jobs.alert.AlertKeySerialization;
import io.clickpulse.jobs.alert.AlertSerialization;
import io.clickpulse.jobs.alert.AlertsTable;
import io.clickpulse.jobs.alert.BotClient;
import io.clickpulse.jobs.clickhouse.ClickHouseSettings;
import io.clickpulse.jobs.clickhouse.ClickHouseSinks;
import io.clickpulse.jobs.config.ClickPipelineConfig;
import io.clickpulse.jobs.conversion.AttributedConversion;
import io.clickpulse.jobs.conversion.ConversionsTable;
import io.clickpulse.jobs.crm.CrmSignalSerialization;
import io.clickpulse.jobs.crm.CrmSignalsTable;
import io.clickpulse.jobs.crm.CrmSinks;
import io.clickpulse.jobs.kafka.KafkaConnectors;
import io.clickpulse.jobs.link.ClickFeed;
import io.clickpulse.jobs.link.ClickFeedItem;
import io.clickpulse.jobs.link.LinkRow;
import io.clickpulse.jobs.link.LinksTable;
import io.clickpulse.jobs.pipeline.ClicksTable;
import io.clickpulse.jobs.pipeline.DeadLetter;
import io.clickpulse.jobs.pipeline.DeadLetterSerialization;
import io.clickpulse.jobs.pipeline.DuplicateClick;
import io.clickpulse.jobs.pipeline.PipelineHealthTables;
import io.clickpulse.udf.crm.CrmSignal;
import io.clickpulse.udf.enrich.EnrichedClick;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;

/**
 * Where the click pipeline writes; tests swap any of them. {@code links} and {@code conversions}
 * may be null when the job runs without that stage ({@code kafka.topic.links}, {@code
 * kafka.topic.conversions} unset); so may {@code crmSignals} ({@code kafka.topic.crm-signals}) and
 * {@code clickFeed} ({@code kafka.topic.click-feed}).
 */
public record ClickPipelineSinks(
    Sink<EnrichedClick> clicks,
    Sink<MinuteAggregate> minuteAggregates,
    Sink<MinuteClick> lateClicks,
    Sink<DeadLetter> deadLetters,
    Sink<DeadLetter> deadLetterTable,
    Sink<DuplicateClick> duplicates,
    Sink<Alert> alertsTopic,
    Sink<Alert> alertsTable,
    Sink<BotClient> botClients,
    Sink<LinkRow> links,
    Sink<AttributedConversion> conversions,
    CrmSinks crmSignals,
    Sink<ClickFeedItem> clickFeed) {

  /** Without the CRM signals' and the click feed's sinks. */
  public ClickPipelineSinks(
      Sink<EnrichedClick> clicks,
      Sink<MinuteAggregate> minuteAggregates,
      Sink<MinuteClick> lateClicks,
      Sink<DeadLetter> deadLetters,
      Sink<DeadLetter> deadLetterTable,
      Sink<DuplicateClick> duplicates,
      Sink<Alert> alertsTopic,
      Sink<Alert> alertsTable,
      Sink<BotClient> botClients,
      Sink<LinkRow> links,
      Sink<AttributedConversion> conversions) {
    this(
        clicks,
        minuteAggregates,
        lateClicks,
        deadLetters,
        deadLetterTable,
        duplicates,
        alertsTopic,
        alertsTable,
        botClients,
        links,
        conversions,
        null,
        null);
  }

  /** These sinks with the CRM signals' (topic and table). */
  public ClickPipelineSinks withCrmSignals(CrmSinks crm) {
    return with(crm, clickFeed);
  }

  /** These sinks with the click feed's. */
  public ClickPipelineSinks withClickFeed(Sink<ClickFeedItem> feed) {
    return with(crmSignals, feed);
  }

  private ClickPipelineSinks with(CrmSinks crm, Sink<ClickFeedItem> feed) {
    return new ClickPipelineSinks(
        clicks,
        minuteAggregates,
        lateClicks,
        deadLetters,
        deadLetterTable,
        duplicates,
        alertsTopic,
        alertsTable,
        botClients,
        links,
        conversions,
        crm,
        feed);
  }

  /** ClickHouse tables and the Kafka topics (exactly once), as configured. */
  public static ClickPipelineSinks of(ClickPipelineConfig config) {
    ClickHouseSettings ch = config.clickhouse();
    return new ClickPipelineSinks(
        // The judged clicks: the enrich, link and bot-pattern stages emit each click once and
        // never change it afterwards, so the batch need not copy them.
        ClickHouseSinks.sink(ch, ClicksTable.INSERT, ClicksTable.STATEMENT_BUILDER)
            .batchingRecordsAsIs(),
        // Keyed by the bot verdict, which a replay may reach differently: committed rows only.
        ClickHouseSinks.committedOnCheckpoint(
            ch,
            MinuteAggregatesTable.INSERT,
            MinuteAggregatesTable.STATEMENT_BUILDER,
            MinuteAggregate.class),
        ClickHouseSinks.sink(ch, LateClicksTable.INSERT, LateClicksTable.STATEMENT_BUILDER),
        KafkaConnectors.exactlyOnce(
            config.kafka(),
            "-dlq",
            KafkaRecordSerializationSchema.<DeadLetter>builder()
                .setTopic(config.deadLetterTopic())
                .setValueSerializationSchema(new DeadLetterSerialization())
                .build()),
        ClickHouseSinks.sink(
            ch,
            PipelineHealthTables.INSERT_DEAD_LETTER,
            PipelineHealthTables.DEAD_LETTER_STATEMENT_BUILDER),
        ClickHouseSinks.sink(
            ch,
            PipelineHealthTables.INSERT_DUPLICATE,
            PipelineHealthTables.DUPLICATE_STATEMENT_BUILDER),
        // Keyed by alert id: one partition per alert, so its firing precedes its resolution.
        KafkaConnectors.exactlyOnce(
            config.kafka(),
            "-alerts",
            KafkaRecordSerializationSchema.<Alert>builder()
                .setTopic(config.alertsTopic())
                .setKeySerializationSchema(new AlertKeySerialization())
                .setValueSerializationSchema(new AlertSerialization())
                .build()),
        // Which alerts fire and which clients are bots depends on the verdicts too; committed
        // with the checkpoint, the table holds exactly the alerts the topic's transactions do.
        ClickHouseSinks.committedOnCheckpoint(
            ch, AlertsTable.INSERT, AlertsTable.STATEMENT_BUILDER, Alert.class),
        ClickHouseSinks.committedOnCheckpoint(
            ch,
            AlertsTable.INSERT_BOT_CLIENT,
            AlertsTable.BOT_CLIENT_STATEMENT_BUILDER,
            BotClient.class),
        ClickHouseSinks.sink(ch, LinksTable.INSERT, LinksTable.STATEMENT_BUILDER),
        ClickHouseSinks.sink(ch, ConversionsTable.INSERT, ConversionsTable.STATEMENT_BUILDER),
        config.crm().enabled() ? crmSignals(config) : null,
        config.clickFeed().enabled()
            ? KafkaConnectors.exactlyOnce(
                config.kafka(),
                "-click-feed",
                KafkaRecordSerializationSchema.<ClickFeedItem>builder()
                    .setTopic(config.clickFeed().topic())
                    .setKeySerializationSchema(new ClickFeed.LinkKey())
                    .setValueSerializationSchema(new ClickFeed.ItemJson())
                    .build())
            : null);
  }

  /** Keyed by signal id, exactly once; the table replaces by signal id. */
  private static CrmSinks crmSignals(ClickPipelineConfig config) {
    return new CrmSinks(
        KafkaConnectors.exactlyOnce(
            config.kafka(),
            "-crm-signals",
            KafkaRecordSerializationSchema.<CrmSignal>builder()
                .setTopic(config.crm().topic())
                .setKeySerializationSchema(new CrmSignalSerialization.Key())
                .setValueSerializationSchema(new CrmSignalSerialization())
                .build()),
        ClickHouseSinks.sink(
            config.clickhouse(), CrmSignalsTable.INSERT, CrmSignalsTable.STATEMENT_BUILDER));
  }
}
