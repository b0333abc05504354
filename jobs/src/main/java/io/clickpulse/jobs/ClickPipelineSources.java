package io.clickpulse.jobs;

import io.clickpulse.jobs.config.ClickPipelineConfig;
import io.clickpulse.jobs.conversion.ConversionSource;
import io.clickpulse.jobs.conversion.ParsedConversion;
import io.clickpulse.jobs.link.ParsedLink;
import io.clickpulse.jobs.pipeline.ParsedRecord;
import org.apache.flink.api.connector.source.Source;

/**
 * What the click pipeline reads; tests swap any of them. {@code links} and {@code conversions} are
 * null when that stage is off ({@code kafka.topic.links}, {@code kafka.topic.conversions} unset).
 */
public record ClickPipelineSources(
    Source<ParsedRecord, ?, ?> clicks,
    Source<ParsedLink, ?, ?> links,
    Source<ParsedConversion, ?, ?> conversions) {

  /** The Kafka topics, as configured. */
  public static ClickPipelineSources of(ClickPipelineConfig config) {
    return new ClickPipelineSources(
        ClickPipelineJob.source(config),
        config.linksEnabled() ? ClickPipelineJob.linkSource(config) : null,
        config.conversions().enabled()
            ? ConversionSource.kafka(
                config.kafka(), config.conversions().topic(), config.validation())
            : null);
  }
}
