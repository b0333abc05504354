package io.clickpulse.udf.sql;

import io.clickpulse.udf.enrich.UserAgentClassifier;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.ScalarFunction;

/** Base for functions that parse user agents: the analyzer the tasks share, from {@code open}. */
abstract class UserAgentFunction extends ScalarFunction {
  protected transient UserAgentClassifier userAgents;

  @Override
  public void open(FunctionContext context) {
    userAgents = UserAgentClassifier.acquire(UserAgentClassifier.DEFAULT_CACHE_SIZE);
  }

  @Override
  public void close() {
    UserAgentClassifier.release(userAgents);
    userAgents = null;
  }
}
