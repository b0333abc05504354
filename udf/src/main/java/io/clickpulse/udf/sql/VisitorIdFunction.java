package io.clickpulse.udf.sql;

import io.clickpulse.udf.enrich.IpPrivacy;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * {@code VISITOR_ID(ip, user_agent)}: the keyed visitor hash, equal to the one the DataStream job
 * stores. The secret comes from the job parameter {@value #SECRET_PARAMETER}.
 */
public class VisitorIdFunction extends ScalarFunction {
  public static final String SECRET_PARAMETER = "clickpulse.visitor-hash-secret";

  private transient IpPrivacy privacy;

  @Override
  public void open(FunctionContext context) {
    privacy = new IpPrivacy(context.getJobParameter(SECRET_PARAMETER, null));
  }

  public Long eval(String ip, String userAgent) {
    if (ip == null) {
      return null;
    }
    try {
      return privacy.visitorId(ip, userAgent);
    } catch (IllegalArgumentException invalid) {
      return null;
    }
  }
}
