package io.clickpulse.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The delivery attempts as seen from both ends: what the job recorded in {@code alert_deliveries},
 * and what each receiver got and answered when. Checks the retries against the schedule.
 */
final class Deliveries {
  /** One recorded attempt. */
  record Attempt(
      String destination, String webhookId, int attempt, long at, int status, String outcome) {}

  private final ReliabilityStack stack;
  private final Scenario scenario;

  Deliveries(ReliabilityStack stack, Scenario scenario) {
    this.stack = stack;
    this.scenario = scenario;
  }

  List<Attempt> recorded() {
    List<Attempt> attempts = new ArrayList<>();
    String rows =
        stack
            .clickhouse()
            .query(
                "SELECT destination, webhook_id, attempt, toUnixTimestamp64Milli(attempted_at),"
                    + " http_status, outcome FROM alert_deliveries FINAL"
                    + " ORDER BY destination, webhook_id, attempt",
                Map.of(),
                scenario.database());
    for (String line : rows.split("\n")) {
      if (!line.isEmpty()) {
        String[] f = line.split("\t");
        attempts.add(
            new Attempt(
                f[0],
                f[1],
                Integer.parseInt(f[2]),
                Long.parseLong(f[3]),
                Integer.parseInt(f[4]),
                f[5]));
      }
    }
    return attempts;
  }

  long delivered() {
    return recorded().stream().filter(a -> a.outcome().equals("delivered")).count();
  }

  Map<String, Long> attemptsByDestination() {
    return recorded().stream()
        .collect(Collectors.groupingBy(Attempt::destination, TreeMap::new, Collectors.counting()));
  }

  /**
   * Per receiver and webhook-id: the attempts are numbered 1..n, all but the last were retries, the
   * last delivered; the job recorded exactly the answers the receiver gave; and no request came
   * sooner after the previous answer than the schedule (less its jitter) and the Retry-After allow,
   * nor much later than the schedule (plus jitter) says.
   */
  void assertRetriesKeepTo(
      List<FlakyReceiver> receivers, List<Duration> delays, double jitter, long lateTolerance) {
    Map<String, List<Attempt>> recorded =
        recorded().stream()
            .collect(
                Collectors.groupingBy(
                    a -> a.destination() + " " + a.webhookId(), TreeMap::new, Collectors.toList()));
    for (FlakyReceiver receiver : receivers) {
      Map<String, List<FlakyReceiver.Request>> byId =
          receiver.requests.stream()
              .collect(Collectors.groupingBy(FlakyReceiver.Request::webhookId));
      byId.forEach(
          (id, requests) -> {
            List<Attempt> attempts = recorded.get(receiver.name + " " + id);
            String what = receiver.name + " " + id + ": " + attempts + " / " + requests;
            assertTrue(attempts != null, what);
            for (int i = 0; i < attempts.size(); i++) {
              Attempt a = attempts.get(i);
              assertEquals(i + 1, a.attempt(), what);
              assertEquals(i == attempts.size() - 1 ? "delivered" : "retry", a.outcome(), what);
            }
            List<Integer> answered =
                requests.stream().map(FlakyReceiver.Request::answered).toList();
            List<Integer> statuses =
                attempts.stream().map(Attempt::status).filter(s -> s != 0).toList();
            assertEquals(
                answered, statuses, "the job recorded what the receiver answered: " + what);
            // The job's own record: attempt k+1 no sooner than the k-th delay allows.
            for (int i = 1; i < attempts.size(); i++) {
              long delay = delays.get(i - 1).toMillis();
              long gap = attempts.get(i).at() - attempts.get(i - 1).at();
              assertTrue(
                  gap >= Math.round(delay * (1 - jitter)) - 20
                      && gap <= Math.round(delay * (1 + jitter)) + lateTolerance,
                  "recorded retry " + i + " after " + gap + " ms: " + what);
            }
            // The receiver's clock: a retry no sooner after the answer than schedule and
            // Retry-After allow (attempts refused while it was down never reached it).
            List<Attempt> reached = attempts.stream().filter(a -> a.status() != 0).toList();
            for (int i = 1; i < requests.size(); i++) {
              int retry = reached.get(i - 1).attempt();
              if (reached.get(i).attempt() != retry + 1) {
                continue;
              }
              FlakyReceiver.Request previous = requests.get(i - 1);
              long delay = delays.get(retry - 1).toMillis();
              long retryAfter = previous.retryAfterSeconds() * 1000L;
              long earliest = Math.max(Math.round(delay * (1 - jitter)), retryAfter);
              long latest = Math.max(Math.round(delay * (1 + jitter)), retryAfter) + lateTolerance;
              long gap = requests.get(i).receivedAtMillis() - previous.answeredAtMillis();
              assertTrue(
                  gap >= earliest - 20 && gap <= latest,
                  "retry "
                      + retry
                      + " came "
                      + gap
                      + " ms after the answer, expected "
                      + earliest
                      + ".."
                      + latest
                      + " ms: "
                      + what);
            }
          });
    }
  }

  /** When a request first reached {@code destination} (an HTTP status came back). */
  long firstAnswer(String destination) {
    return recorded().stream()
        .filter(a -> a.destination().equals(destination) && a.status() != 0)
        .mapToLong(Attempt::at)
        .min()
        .orElseThrow();
  }
}
