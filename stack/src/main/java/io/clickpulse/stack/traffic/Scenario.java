package io.clickpulse.stack.traffic;

import java.time.Duration;
import java.util.List;

/**
 * The scenarios of {@link RealisticTraffic}:
 *
 * <ul>
 *   <li>{@code demo}: spikes on a hot and on a tail link, a bot burst, an email-scanner sweep, a
 *       broken destination and a campaign link missing its UTM parameters (see docs/traffic.md);
 *   <li>{@code steady}: everyday traffic only, nothing planted (no alert should fire).
 * </ul>
 *
 * Duplicates, conflicting ids and malformed records are planted in every scenario.
 */
public final class Scenario {
  public static final List<String> NAMES = List.of("demo", "steady");

  /** Event time the demo needs: 15 minutes of baseline warm-up before the first incident. */
  public static final Duration MIN_SPAN = Duration.ofHours(1);

  private Scenario() {}
}
