package io.clickpulse.jobs;

import io.clickpulse.jobs.aggregate.MinuteAggregate;
import io.clickpulse.jobs.aggregate.MinuteClick;
import io.clickpulse.jobs.alert.Alert;
import io.clickpulse.jobs.alert.BotClient;
import io.clickpulse.jobs.clickhouse.ClickHouseSinks;
import io.clickpulse.jobs.config.ClickPipelineConfig;
import io.clickpulse.jobs.pipeline.DeadLetter;
import io.clickpulse.jobs.pipeline.DuplicateClick;
import io.clickpulse.jobs.pipeline.KafkaConnectors;
import io.clickpulse.udf.enrich.EnrichedClick;
import org.apache.flink.api.connector.sink2.Sink;

/** Where the click pipeline writes; tests swap any of them. */
public record ClickPipelineSinks(
    Sink<EnrichedClick> clicks,
    Sink<MinuteAggregate> minuteAggregates,
    Sink<MinuteClick> lateClicks,
    Sink<DeadLetter> deadLetters,
    Sink<DeadLetter> deadLetterTable,
    Sink<DuplicateClick> duplicates,
    Sink<Alert> alertsTopic,
    Sink<Alert> alertsTable,
    Sink<BotClient> botClients) {

  /** ClickHouse tables and the Kafka dead-letter topic, as configured. */
  public static ClickPipelineSinks of(ClickPipelineConfig config) {
    return new ClickPipelineSinks(
        ClickHouseSinks.clicks(config),
        ClickHouseSinks.minuteAggregates(config),
        ClickHouseSinks.lateClicks(config),
        KafkaConnectors.deadLetters(config),
        ClickHouseSinks.deadLetters(config),
        ClickHouseSinks.duplicates(config),
        KafkaConnectors.alerts(config),
        ClickHouseSinks.alerts(config),
        ClickHouseSinks.botClients(config));
  }
}
