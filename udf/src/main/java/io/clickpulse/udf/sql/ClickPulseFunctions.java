package io.clickpulse.udf.sql;

import java.util.Map;
import org.apache.flink.table.functions.UserDefinedFunction;

/**
 * The Flink SQL functions ClickPulse provides, by the name to register them under, e.g. {@code
 * ClickPulseFunctions.ALL.forEach(tableEnv::createTemporarySystemFunction)}.
 */
public final class ClickPulseFunctions {
  public static final Map<String, Class<? extends UserDefinedFunction>> ALL =
      Map.of(
          "UTM_NORMALIZE", UtmNormalizeFunction.class,
          "REFERRER_DOMAIN", ReferrerDomainFunction.class,
          "BOT_REASON", BotReasonFunction.class,
          "DEVICE_CLASS", DeviceClassFunction.class,
          "IP_NETWORK", IpNetworkFunction.class,
          "VISITOR_ID", VisitorIdFunction.class);

  private ClickPulseFunctions() {}
}
