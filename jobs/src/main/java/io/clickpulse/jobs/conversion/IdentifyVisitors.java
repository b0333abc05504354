package io.clickpulse.jobs.conversion;

import io.clickpulse.jobs.settings.Secret;
import io.clickpulse.udf.conversion.ConversionEvent;
import io.clickpulse.udf.enrich.IpPrivacy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Replaces a conversion's visitor address and user agent with the keyed visitor hash clicks carry
 * (the same secret, the same normalization), so that both meet under one key; the raw address goes
 * no further than this operator.
 */
public class IdentifyVisitors extends ProcessFunction<ConversionEvent, ConversionEvent> {
  private final Secret visitorHashSecret;
  private transient IpPrivacy privacy;

  public IdentifyVisitors(Secret visitorHashSecret) {
    this.visitorHashSecret = visitorHashSecret;
  }

  @Override
  public void open(OpenContext openContext) {
    privacy = new IpPrivacy(visitorHashSecret.reveal()); // read here, not in the job graph
  }

  @Override
  public void processElement(ConversionEvent e, Context ctx, Collector<ConversionEvent> out) {
    if (e.visitorIp != null) {
      e.visitorId = privacy.visitorId(e.visitorIp, e.visitorUserAgent);
    }
    e.visitorIp = null;
    e.visitorUserAgent = null;
    out.collect(e);
  }
}
