package io.clickpulse.microbench.jmh;

import io.clickpulse.microbench.SampleClicks;
import io.clickpulse.udf.enrich.UserAgentClassifier;
import io.clickpulse.udf.enrich.UserAgentInfo;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * YAUAA classification with the production classifier (default LRU cache of {@value
 * UserAgentClassifier#DEFAULT_CACHE_SIZE}). Cached: the generator's browser and bot agents, seen
 * again and again. Cold: every call a user agent never seen before (the catalog's agents with other
 * build numbers, as new releases look), so every call misses the cache.
 */
public class UserAgentBenchmark {
  private static final Pattern LAST_NUMBER = Pattern.compile("(\\d+)(\\D*)$");

  /** Repeated agents: after the first round every lookup is a cache hit. */
  @State(Scope.Thread)
  public static class Cached {
    String[] agents;
    UserAgentClassifier classifier;
    int next;

    @Setup
    public void setUp() {
      agents = userAgents();
      classifier = new UserAgentClassifier();
    }
  }

  /** Agents never seen before, more of them than a run can use. */
  @State(Scope.Thread)
  public static class Cold {
    static final int DISTINCT = 200_000;
    String[] agents;
    UserAgentClassifier classifier;
    int next;

    @Setup
    public void setUp() {
      String[] catalog = distinct(userAgents());
      agents = new String[DISTINCT];
      for (int i = 0; i < DISTINCT; i++) {
        agents[i] = withBuild(catalog[i % catalog.length], i / catalog.length);
      }
      classifier = new UserAgentClassifier();
    }
  }

  @Benchmark
  public UserAgentInfo cached(Cached s) {
    return s.classifier.classify(s.agents[s.next++ & Samples.MASK]);
  }

  @Benchmark
  public UserAgentInfo cold(Cold s) {
    return s.classifier.classify(s.agents[s.next++ % Cold.DISTINCT]);
  }

  /** The user agents of generated clicks, in their generated mix. */
  static String[] userAgents() {
    return SampleClicks.events(Samples.SIZE, 3).stream()
        .map(e -> e.userAgent)
        .toArray(String[]::new);
  }

  private static String[] distinct(String[] agents) {
    return Arrays.stream(agents).distinct().toArray(String[]::new);
  }

  /** The agent with its last number raised by {@code build}: another release of it. */
  static String withBuild(String agent, int build) {
    Matcher m = LAST_NUMBER.matcher(agent);
    if (!m.find()) {
      return agent + " build/" + build;
    }
    return agent.substring(0, m.start(1)) + (Long.parseLong(m.group(1)) + build) + m.group(2);
  }
}
