package io.clickpulse.jobs.testing;

import io.clickpulse.jobs.ClickPipelineSinks;
import io.clickpulse.jobs.aggregate.MinuteAggregate;
import io.clickpulse.jobs.aggregate.MinuteClick;
import io.clickpulse.jobs.alert.Alert;
import io.clickpulse.jobs.alert.BotClient;
import io.clickpulse.jobs.conversion.AttributedConversion;
import io.clickpulse.jobs.link.LinkRow;
import io.clickpulse.jobs.pipeline.DeadLetter;
import io.clickpulse.jobs.pipeline.DuplicateClick;
import io.clickpulse.udf.enrich.EnrichedClick;

/**
 * Every sink of the click pipeline collecting, for MiniCluster graph tests: a test reads the ones
 * it asserts on and ignores the rest. The links and conversions sinks are only written when their
 * stage's source and topic are set, so collecting ones change no graph; the CRM and click-feed
 * sinks do turn their stage on, so tests add those with {@link ClickPipelineSinks#withCrmSignals}
 * and {@link ClickPipelineSinks#withClickFeed}.
 */
public class GraphSinks {
  public final CollectingSink<EnrichedClick> clicks = new CollectingSink<>();
  public final CollectingSink<MinuteAggregate> minutes = new CollectingSink<>();
  public final CollectingSink<MinuteClick> late = new CollectingSink<>();
  public final CollectingSink<DeadLetter> deadLetters = new CollectingSink<>();
  public final CollectingSink<DeadLetter> deadLetterTable = new CollectingSink<>();
  public final CollectingSink<DuplicateClick> duplicates = new CollectingSink<>();
  public final CollectingSink<Alert> alertsTopic = new CollectingSink<>();
  public final CollectingSink<Alert> alertsTable = new CollectingSink<>();
  public final CollectingSink<BotClient> botClients = new CollectingSink<>();
  public final CollectingSink<LinkRow> links = new CollectingSink<>();
  public final CollectingSink<AttributedConversion> conversions = new CollectingSink<>();

  /** The pipeline's sinks: these. */
  public ClickPipelineSinks sinks() {
    return new ClickPipelineSinks(
        clicks,
        minutes,
        late,
        deadLetters,
        deadLetterTable,
        duplicates,
        alertsTopic,
        alertsTable,
        botClients,
        links,
        conversions);
  }
}
