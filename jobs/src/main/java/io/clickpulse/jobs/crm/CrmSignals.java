package io.clickpulse.jobs.crm;

import io.clickpulse.jobs.metrics.PipelineCounter;
import io.clickpulse.udf.crm.CrmClick;
import io.clickpulse.udf.crm.CrmRule;
import io.clickpulse.udf.crm.CrmRules;
import io.clickpulse.udf.crm.CrmSignal;
import io.clickpulse.udf.enrich.EnrichedClick;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.Collector;

/**
 * The CRM signal stage (issue #18 item 1, docs/crm.md): the counted clicks (human by user agent and
 * by the client patterns, test traffic and too-late clicks left out) → those a rule counts → per
 * contact (tagged-clicks, first-click) and per partner rule and subject (partner-volume) → {@link
 * CrmSignal}s. Reads the click path and writes nothing back to it.
 */
public final class CrmSignals {
  /** The operators' uids; see docs/deployment.md before changing them. */
  public static final String UID_CONTACT_CLICKS = "crm-contact-clicks";

  public static final String UID_CONTACT = "crm-contact-signals";
  public static final String UID_PARTNER_CLICKS = "crm-partner-clicks";
  public static final String UID_PARTNER = "crm-partner-signals";

  private CrmSignals() {}

  /**
   * Adds the stage for {@code clicks}: pass the clicks after the client patterns and the on-time
   * filter (what the minute aggregates count), so that bots, test traffic and too-late clicks never
   * qualify. Null when {@code rules} has none.
   */
  public static DataStream<CrmSignal> apply(DataStream<EnrichedClick> clicks, CrmRules rules) {
    if (rules.isEmpty()) {
      return null;
    }
    DataStream<CrmSignal> signals = null;
    if (!rules.contactRules().isEmpty()) {
      signals =
          clicks
              .flatMap(new ContactClicks(rules.contactRules()))
              .name("crm-contact-clicks")
              .uid(UID_CONTACT_CLICKS)
              .keyBy(c -> c.contactId, Types.STRING)
              .process(new DetectCrmSignals(rules, false))
              .name("crm-contact-signals")
              .uid(UID_CONTACT);
    }
    if (!rules.partnerRules().isEmpty()) {
      SingleOutputStreamOperator<CrmSignal> partner =
          clicks
              .flatMap(new PartnerClicks(rules.partnerRules()))
              .name("crm-partner-clicks")
              .uid(UID_PARTNER_CLICKS)
              .keyBy(c -> c.key(rules), Types.STRING)
              .process(new DetectCrmSignals(rules, true))
              .name("crm-partner-signals")
              .uid(UID_PARTNER);
      signals = signals == null ? partner : signals.union(partner);
    }
    return signals;
  }

  /**
   * Clicks with a proper contact id that a contact rule counts; before the keyBy, so that clicks
   * without a contact cost no state. Contact ids that are no proper id (an email address in the
   * catalog) are ignored and counted ({@code crm_contact_id_ignored}).
   */
  static class ContactClicks extends RichFlatMapFunction<EnrichedClick, CrmClick> {
    private final List<CrmRule> rules;
    private transient PipelineCounter ignored;

    ContactClicks(List<CrmRule> rules) {
      this.rules = rules;
    }

    @Override
    public void open(OpenContext openContext) {
      ignored = PipelineCounter.register(getRuntimeContext(), "crm_contact_id_ignored");
    }

    @Override
    public void flatMap(EnrichedClick e, Collector<CrmClick> out) {
      if (CrmClick.hasImproperContactId(e)) {
        ignored.inc();
      }
      CrmClick c = CrmClick.of(e);
      if (c != null && !c.contactId.isEmpty() && rules.stream().anyMatch(r -> r.matches(c))) {
        out.collect(c);
      }
    }
  }

  /** One copy of each human click per partner-volume rule that counts it. */
  static class PartnerClicks extends RichFlatMapFunction<EnrichedClick, CrmClick> {
    private final List<CrmRule> rules;

    PartnerClicks(List<CrmRule> rules) {
      this.rules = rules;
    }

    @Override
    public void flatMap(EnrichedClick e, Collector<CrmClick> out) {
      CrmClick c = CrmClick.of(e);
      if (c == null) {
        return;
      }
      for (CrmRule rule : rules) {
        if (rule.matches(c)) {
          out.collect(c.forPartnerRule(rule.name()));
        }
      }
    }
  }
}
