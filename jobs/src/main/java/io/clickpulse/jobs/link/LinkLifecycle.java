package io.clickpulse.jobs.link;

import io.clickpulse.jobs.alert.Alert;
import io.clickpulse.jobs.alert.AlertRules;
import io.clickpulse.udf.enrich.UtmTaxonomy;
import io.clickpulse.udf.link.LinkChecks;
import io.clickpulse.udf.link.LinkEvent;
import io.clickpulse.udf.link.LinkRules;
import java.time.Duration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The link lifecycle stage: per link, the latest version ({@link LinkLifecycleFunction}: checks,
 * alerts, rows for {@code link_events}/{@code links}); per bulk import, one QA summary when it has
 * been quiet ({@link ImportSummaries}). Reads nothing of the click path and writes nothing to it.
 */
public final class LinkLifecycle {
  /** The operators' uids; see docs/deployment.md before changing them. */
  public static final String UID_LIFECYCLE = "link-lifecycle";

  public static final String UID_IMPORTS = "link-import-summaries";

  /**
   * How long a deleted link is remembered: clicks after the delete still find its owner and
   * campaign (part 3 of issue #17), and a late, older event cannot bring it back meanwhile.
   */
  public static final Duration DELETED_RETENTION = Duration.ofDays(30);

  private LinkLifecycle() {}

  /** The stage's outputs: lifecycle and import alerts, and a row per accepted event. */
  public record Result(DataStream<Alert> alerts, DataStream<LinkRow> rows) {}

  /**
   * Adds the stage for {@code events} (valid link events with event-time timestamps), checked
   * against {@code linkRules} and {@code taxonomy}; owners and dashboard links from {@code
   * alertRules}; an import's summary once no event of it came for {@code importQuiet}.
   */
  public static Result apply(
      DataStream<LinkEvent> events,
      LinkRules linkRules,
      UtmTaxonomy taxonomy,
      Duration importQuiet,
      AlertRules alertRules) {
    LinkChecks checks = new LinkChecks(taxonomy, linkRules);
    LinkAlerts alerts = new LinkAlerts(alertRules);
    SingleOutputStreamOperator<Alert> lifecycle =
        events
            .keyBy(e -> e.linkId)
            .process(new LinkLifecycleFunction(checks, alerts, DELETED_RETENTION))
            .name("link-lifecycle")
            .uid(UID_LIFECYCLE);
    SingleOutputStreamOperator<Alert> imports =
        lifecycle
            .getSideOutput(LinkLifecycleFunction.IMPORTED)
            .keyBy(e -> e.importId)
            .process(new ImportSummaries(checks, alerts, importQuiet))
            .name("link-import-summaries")
            .uid(UID_IMPORTS);
    return new Result(
        lifecycle.union(imports), lifecycle.getSideOutput(LinkLifecycleFunction.ROWS));
  }
}
