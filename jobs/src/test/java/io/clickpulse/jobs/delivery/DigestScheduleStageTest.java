package io.clickpulse.jobs.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clickpulse.jobs.testing.MiniClusters;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The stage as the delivery job runs it, on a MiniCluster: the heartbeat source brings each route
 * to its subtask, lookups and sends come back through the real mailbox.
 */
class DigestScheduleStageTest {
  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.withSlots(2);

  /** Sends, across the serialized copies of the sender. */
  static final Set<String> SENT = new ConcurrentSkipListSet<>();

  @Test
  @Timeout(120)
  void aStartingJobSendsEachRoutesMissedPeriodOnce() throws Exception {
    DigestSchedule berlin =
        new DigestSchedule(
            "route-0", List.of(LocalTime.of(9, 0)), ZoneId.of("Europe/Berlin"), List.of("ops"));
    DigestSchedule tokyo =
        new DigestSchedule(
            "route-1",
            List.of(LocalTime.of(8, 0), LocalTime.of(18, 0)),
            ZoneId.of("Asia/Tokyo"),
            List.of("ops", "mail"));
    Instant now = Instant.now();
    Instant berlinDue = berlin.latestAtOrBefore(now);
    Instant tokyoDue = tokyo.latestAtOrBefore(now);
    // Both routes last sent the period before the latest: the latest is owed.
    Map<String, Instant> recorded =
        Map.of(
            "route-0", berlin.latestAtOrBefore(berlinDue.minusMillis(1)),
            "route-1", tokyo.latestAtOrBefore(tokyoDue.minusMillis(1)));
    SENT.clear();

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    DigestScheduleStage.attach(
        env,
        Map.of("route-0", berlin, "route-1", tokyo),
        new RecordingSender(recorded),
        Duration.ofMinutes(1));
    JobClient job = env.executeAsync("digest-schedule");
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (SENT.size() < 2 && System.nanoTime() < deadline) {
        LockSupport.parkNanos(10_000_000);
      }
    } finally {
      job.cancel().get();
    }
    assertEquals(
        new TreeSet<>(
            List.of(
                "route-0 " + berlin.periodEndingAt(berlinDue) + " [ops]",
                "route-1 " + tokyo.periodEndingAt(tokyoDue) + " [ops, mail]")),
        SENT);
  }

  /** Knows what was sent before; records what is sent now. */
  record RecordingSender(Map<String, Instant> recorded) implements DigestScheduleSender {
    @Override
    public Instant lastSent(String route) {
      return recorded.get(route);
    }

    @Override
    public boolean send(String route, DigestPeriod period, List<String> destinations) {
      SENT.add(route + " " + period + " " + destinations);
      return true;
    }
  }
}
