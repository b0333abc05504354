package io.clickpulse.udf.sql;

import io.clickpulse.udf.enrich.IpPrivacy;
import org.apache.flink.table.functions.ScalarFunction;

/** {@code IP_NETWORK(ip)}: the /24 or /48 network in CIDR form, null for an invalid address. */
public class IpNetworkFunction extends ScalarFunction {
  public String eval(String ip) {
    if (ip == null) {
      return null;
    }
    try {
      return IpPrivacy.network(ip);
    } catch (IllegalArgumentException invalid) {
      return null;
    }
  }
}
