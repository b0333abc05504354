package io.clickpulse.jobs.link;

import io.clickpulse.jobs.alert.Alert;
import io.clickpulse.jobs.alert.AlertRules;
import io.clickpulse.udf.enrich.EnrichedClick;
import io.clickpulse.udf.enrich.UtmTaxonomy;
import io.clickpulse.udf.link.LinkChecks;
import io.clickpulse.udf.link.LinkEvent;
import io.clickpulse.udf.link.LinkRules;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The link lifecycle stage: per link, the latest version joined with the clicks ({@link
 * LinkLifecycleFunction}: checks, alerts, rows for {@code link_events}/{@code links}, clicks
 * stamped with the catalog's fields); per bulk import, one QA summary when it has been quiet
 * ({@link ImportSummaries}).
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

  /**
   * The stage's outputs: lifecycle, click and import alerts, a row per accepted event, and every
   * click of the input, stamped where the catalog knows its link.
   */
  public record Result(
      DataStream<Alert> alerts, DataStream<LinkRow> rows, DataStream<EnrichedClick> clicks) {}

  /**
   * Adds the stage for {@code events} (valid link events with event-time timestamps) and {@code
   * clicks}, both keyed by link id into one operator; checked against {@code linkRules} and {@code
   * taxonomy}; owners and dashboard links from {@code alertRules}; an import's summary once no
   * event of it came for {@code importQuiet}.
   */
  public static Result apply(
      DataStream<LinkEvent> events,
      DataStream<EnrichedClick> clicks,
      LinkRules linkRules,
      UtmTaxonomy taxonomy,
      Duration importQuiet,
      AlertRules alertRules) {
    LinkChecks checks = new LinkChecks(taxonomy, linkRules);
    LinkAlerts alerts = new LinkAlerts(alertRules);
    SingleOutputStreamOperator<Alert> lifecycle =
        events
            .connect(clicks)
            .keyBy(e -> e.linkId, c -> c.click.linkId, Types.STRING)
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
        lifecycle.union(imports),
        lifecycle.getSideOutput(LinkLifecycleFunction.ROWS),
        lifecycle.getSideOutput(LinkLifecycleFunction.CLICKS));
  }
}
