package io.clickpulse.jobs.link;

import io.clickpulse.jobs.alert.Alert;
import io.clickpulse.udf.link.ImportSummary;
import io.clickpulse.udf.link.LinkChecks;
import io.clickpulse.udf.link.LinkEvent;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.InstantiationUtil;

/**
 * Per import id: collects the import's accepted link events into an {@link ImportSummary} and sends
 * ONE summary alert once no event of the import came for {@code quiet} of event time (one
 * event-time timer per import, moved on by each event). Then the import's state is cleared.
 *
 * <p>The summary is kept as Java-serialized bytes: {@link ImportSummary} is a Serializable
 * accumulator of records and maps that Flink's POJO serializer cannot take, and Kryo would couple
 * the savepoint format to its internals.
 */
public class ImportSummaries extends KeyedProcessFunction<String, LinkEvent, Alert> {
  private final LinkChecks checks;
  private final LinkAlerts alerts;
  private final long quiet;

  private transient ValueState<byte[]> summary;
  private transient ValueState<Progress> progress;

  /** What the summary alert needs besides the summary: where to send it and when. */
  public static class Progress {
    public String owner;
    public String campaignId;
    public boolean oneCampaign = true;
    public String firstLinkId;
    public long timer = Long.MIN_VALUE;

    public Progress() {}
  }

  public ImportSummaries(LinkChecks checks, LinkAlerts alerts, Duration quiet) {
    this.checks = checks;
    this.alerts = alerts;
    this.quiet = quiet.toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    summary =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(
                    "import-summary", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    progress =
        getRuntimeContext().getState(new ValueStateDescriptor<>("import-progress", Progress.class));
  }

  @Override
  public void processElement(LinkEvent event, Context ctx, Collector<Alert> out) throws Exception {
    ImportSummary current = read();
    Progress p = progress.value();
    if (current == null) {
      current = new ImportSummary(event.importId);
      p = new Progress();
      p.firstLinkId = event.linkId;
      p.campaignId = event.campaignId;
    }
    if (!current.add(event, checks)) {
      return;
    }
    if (p.owner == null) {
      p.owner = event.owner;
    }
    if (!Objects.equals(p.campaignId, event.campaignId)) {
      p.oneCampaign = false;
    }
    long timer = current.report().lastEventTime() + quiet;
    if (timer != p.timer) {
      if (p.timer != Long.MIN_VALUE) {
        ctx.timerService().deleteEventTimeTimer(p.timer);
      }
      ctx.timerService().registerEventTimeTimer(timer);
      p.timer = timer;
    }
    summary.update(InstantiationUtil.serializeObject(current));
    progress.update(p);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
    ImportSummary current = read();
    Progress p = progress.value();
    if (current == null || p == null || p.timer != timestamp) {
      return;
    }
    out.collect(
        alerts.importSummary(
            current.report(), p.owner, p.oneCampaign ? p.campaignId : null, p.firstLinkId));
    summary.clear();
    progress.clear();
  }

  private ImportSummary read() throws Exception {
    byte[] bytes = summary.value();
    return bytes == null
        ? null
        : InstantiationUtil.deserializeObject(bytes, ImportSummary.class.getClassLoader());
  }
}
