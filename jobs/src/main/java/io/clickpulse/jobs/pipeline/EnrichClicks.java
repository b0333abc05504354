package io.clickpulse.jobs.pipeline;

import io.clickpulse.jobs.metrics.Counters;
import io.clickpulse.jobs.metrics.PipelineCounter;
import io.clickpulse.jobs.settings.Secret;
import io.clickpulse.udf.enrich.ClickEnricher;
import io.clickpulse.udf.enrich.EnrichedClick;
import io.clickpulse.udf.enrich.UserAgentClassifier;
import io.clickpulse.udf.enrich.UtmTaxonomy;
import io.clickpulse.udf.event.ClickEvent;
import io.clickpulse.udf.event.RejectReason;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** UTM normalization, user agent, bot flag, referrer domain and IP privacy for each event. */
public class EnrichClicks extends ProcessFunction<ClickEvent, EnrichedClick> {
  private final UtmTaxonomy taxonomy;
  private final Secret visitorHashSecret;
  private final int userAgentCacheSize;
  private final String sourceTopic;

  private transient UserAgentClassifier userAgents;
  private transient ClickEnricher enricher;
  private transient PipelineCounter accepted;

  public EnrichClicks(
      UtmTaxonomy taxonomy, Secret visitorHashSecret, int userAgentCacheSize, String sourceTopic) {
    this.taxonomy = taxonomy;
    this.visitorHashSecret = visitorHashSecret;
    this.userAgentCacheSize = userAgentCacheSize;
    this.sourceTopic = sourceTopic;
  }

  @Override
  public void open(OpenContext openContext) {
    // Read here, on the TaskManager: the job graph holds only where the secret is.
    userAgents = UserAgentClassifier.acquire(userAgentCacheSize);
    // Parked on close, so that a restart on this TaskManager (same class loader) reuses it; gone
    // with the job's class loader. Registered once per class loader, whatever the task count.
    getRuntimeContext()
        .registerUserCodeClassLoaderReleaseHookIfAbsent(
            "clickpulse-user-agent-analyzer", UserAgentClassifier::dropParked);
    enricher = new ClickEnricher(taxonomy, userAgents, visitorHashSecret.reveal());
    accepted = PipelineCounter.register(getRuntimeContext(), Counters.ACCEPTED);
  }

  @Override
  public void close() {
    UserAgentClassifier.park(userAgents);
    userAgents = null;
  }

  @Override
  public void processElement(ClickEvent event, Context ctx, Collector<EnrichedClick> out) {
    EnrichedClick enriched;
    try {
      enriched = enricher.enrich(event);
    } catch (RuntimeException e) {
      ctx.output(
          DeadLetters.TAG,
          DeadLetter.forEvent(
              RejectReason.PROCESSING_ERROR, "enrichment failed: " + e, sourceTopic, event));
      return;
    }
    accepted.inc();
    out.collect(enriched);
  }
}
