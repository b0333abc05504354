package io.clickpulse.udf.sql;

/** {@code DEVICE_CLASS(user_agent)}: desktop, phone, tablet, bot, ... */
public class DeviceClassFunction extends UserAgentFunction {
  public String eval(String userAgent) {
    return userAgents.classify(userAgent).deviceClass();
  }
}
