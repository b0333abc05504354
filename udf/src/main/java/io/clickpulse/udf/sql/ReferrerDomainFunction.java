package io.clickpulse.udf.sql;

import io.clickpulse.udf.enrich.ReferrerDomains;
import org.apache.flink.table.functions.ScalarFunction;

/** {@code REFERRER_DOMAIN(url)}: the referrer's host without "www.", "" for none. */
public class ReferrerDomainFunction extends ScalarFunction {
  public String eval(String referrer) {
    return ReferrerDomains.of(referrer);
  }
}
