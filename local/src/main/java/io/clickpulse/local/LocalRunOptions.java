package io.clickpulse.local;

import io.clickpulse.jobs.settings.Settings;
import io.clickpulse.stack.traffic.Scenario;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

/**
 * Options of {@code ./clickpulse run}, checked before anything starts.
 *
 * <pre>
 * --duration 3 min    how long traffic is sent (wall clock)
 * --rate 200          everyday events per second at the day's peak
 * --speedup 60        event time per wall time: 3 minutes of traffic cover 3 hours of a day
 * --scenario demo     demo (planted incidents) or steady (none)
 * --seed 42           the same seed sends the same events
 * --keep-running      after the summary, keep everything up until Ctrl-C
 * --clean             delete the run directory at the end
 * </pre>
 *
 * Real notifications besides the local receiver: {@code SLACK_WEBHOOK_URL}, and/or {@code
 * WEBHOOK_URL} with {@code WEBHOOK_SECRET} (a {@code whsec_} Standard Webhooks secret).
 */
record LocalRunOptions(
    Duration duration,
    int rate,
    int speedup,
    String scenario,
    int seed,
    boolean keepRunning,
    boolean clean,
    boolean realSlack,
    boolean realWebhook,
    String visitorHashSecret) {

  static LocalRunOptions parse(Settings settings, Map<String, String> env) {
    Duration duration = settings.duration("duration", Duration.ofMinutes(3));
    int rate = settings.integer("rate", 200, 1, 20_000);
    int speedup = settings.integer("speedup", 60, 1, 1440);
    String scenario = settings.string("scenario", "demo");
    int seed = settings.integer("seed", 42, 0, Integer.MAX_VALUE);
    boolean keepRunning = settings.bool("keep-running", false);
    boolean clean = settings.bool("clean", false);
    if (!Scenario.NAMES.contains(scenario)) {
      settings.problem("'scenario' must be one of " + Scenario.NAMES + ", was '" + scenario + "'");
    }
    if (duration.multipliedBy(speedup).compareTo(Scenario.MIN_SPAN) < 0) {
      settings.problem(
          "'duration' × 'speedup' must cover at least "
              + Scenario.MIN_SPAN.toMinutes()
              + " minutes of event time (alert baselines learn for 15 minutes first); was "
              + duration.multipliedBy(speedup).toMinutes());
    }
    boolean webhookUrl = present(env, "WEBHOOK_URL");
    if (webhookUrl != present(env, "WEBHOOK_SECRET")) {
      settings.problem("set WEBHOOK_URL and WEBHOOK_SECRET together (or neither)");
    }
    settings.validate();
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    return new LocalRunOptions(
        duration,
        rate,
        speedup,
        scenario,
        seed,
        keepRunning,
        clean,
        present(env, "SLACK_WEBHOOK_URL"),
        webhookUrl,
        HexFormat.of().formatHex(secret));
  }

  private static boolean present(Map<String, String> env, String name) {
    String value = env.get(name);
    return value != null && !value.isBlank();
  }

  @Override
  public String toString() {
    return "LocalRunOptions[duration="
        + duration
        + ", rate="
        + rate
        + ", speedup="
        + speedup
        + ", scenario="
        + scenario
        + ", seed="
        + seed
        + "]";
  }
}
