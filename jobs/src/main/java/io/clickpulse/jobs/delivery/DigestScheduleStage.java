package io.clickpulse.jobs.delivery;

import io.clickpulse.jobs.clickhouse.ClickHouseSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.GuavaRateLimiter;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiter;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * The scheduled digest in the delivery job: the routes' keys as a heartbeat (all at once on start,
 * then each about once a minute, never ending, so the keyed operator always has its input and picks
 * up routes added since a savepoint) into {@link DigestScheduleOperator}.
 */
public final class DigestScheduleStage {
  /** How often each route's key comes by: the latest a start or a failed send is acted on. */
  static final Duration HEARTBEAT = Duration.ofMinutes(1);

  private DigestScheduleStage() {}

  /** Adds the stage if any route has a {@code digest:} schedule; returns its output or null. */
  public static DataStream<String> attach(
      StreamExecutionEnvironment env,
      DeliveryConfig delivery,
      DeliverNotifications.SerializableEnvironment environment,
      ClickHouseSettings clickhouse) {
    Map<String, DigestSchedule> schedules = delivery.digestSchedules();
    if (schedules.isEmpty()) {
      return null;
    }
    return attach(env, schedules, new DigestSends(delivery, environment, clickhouse), DEADLINE);
  }

  static DataStream<String> attach(
      StreamExecutionEnvironment env,
      Map<String, DigestSchedule> schedules,
      DigestScheduleSender sender,
      Duration deadline) {
    List<String> routes = new ArrayList<>(schedules.keySet());
    DataGeneratorSource<String> heartbeat =
        new DataGeneratorSource<>(
            i -> routes.get((int) (i % routes.size())),
            Long.MAX_VALUE,
            new StartAtOnce(routes.size(), routes.size() / (double) HEARTBEAT.toSeconds()),
            Types.STRING);
    DataStream<String> sent =
        env.fromSource(heartbeat, WatermarkStrategy.noWatermarks(), "digest-heartbeat")
            .uid("digest-heartbeat")
            .setParallelism(1)
            .keyBy(route -> route)
            .transform(
                "digest-schedule",
                Types.STRING,
                new DigestScheduleOperator(schedules, sender, deadline))
            .uid("digest-schedule");
    sent.sinkTo(new DiscardingSink<>()).name("digest-sends-log").uid("digest-sends-log");
    return sent;
  }

  /**
   * Every route at once when the source starts (a start sends what is owed without waiting its
   * turn), then {@code perSecond}.
   */
  @SuppressWarnings("rawtypes")
  record StartAtOnce(int burst, double perSecond) implements RateLimiterStrategy {
    @Override
    public RateLimiter createRateLimiter(int parallelism) {
      GuavaRateLimiter<?> steady = new GuavaRateLimiter<>(perSecond / parallelism);
      return new RateLimiter() {
        private int free = burst;

        @Override
        public CompletionStage<Void> acquire(int permits) {
          if (free >= permits) {
            free -= permits;
            return CompletableFuture.completedFuture(null);
          }
          return steady.acquire(permits);
        }
      };
    }
  }

  /**
   * How long a lookup or a send may take: every destination through the default retry schedule
   * (about 21 minutes of waits) with room for a Retry-After of up to an hour. A send past it is
   * interrupted and tried again later; destinations that already got it are not sent it again.
   */
  static final Duration DEADLINE = Duration.ofHours(2);
}
