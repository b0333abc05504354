package io.clickpulse.jobs.kafka;

import io.clickpulse.jobs.settings.Settings;
import java.io.Serializable;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * How a job talks to Kafka (keys {@code kafka.*} but the topics, which belong to each job).
 *
 * @param groupId consumer group; offsets are committed on checkpoints
 * @param startingOffsets where a start without a savepoint reads from
 * @param bounded stop at the offsets that were latest when the job started
 * @param transactionalIdPrefix stable across restarts of one job, unique per job
 * @param transactionTimeout how long the broker keeps a sink's open transaction before it aborts
 *     it; at most the broker's {@code transaction.max.timeout.ms} (docs/reliability.md)
 */
public record KafkaSettings(
    String bootstrapServers,
    String groupId,
    StartingOffsets startingOffsets,
    boolean bounded,
    String transactionalIdPrefix,
    Duration transactionTimeout)
    implements Serializable {
  /** Below the broker's default {@code transaction.max.timeout.ms} (15 min). */
  public static final Duration DEFAULT_TRANSACTION_TIMEOUT = Duration.ofMinutes(10);

  private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9.\\-\\[\\]:]+:(\\d{1,5})");

  /** Reads the {@code kafka.*} keys; {@code jobId} is the default group id and id prefix. */
  public static KafkaSettings from(Settings s, String jobId) {
    return new KafkaSettings(
        bootstrapServers(s),
        s.string("kafka.group-id", jobId),
        s.choice("kafka.starting-offsets", StartingOffsets.COMMITTED),
        s.bool("kafka.bounded", false),
        s.string("kafka.transactional-id-prefix", jobId),
        transactionTimeout(s));
  }

  private static Duration transactionTimeout(Settings s) {
    Duration timeout = s.duration("kafka.transaction-timeout", DEFAULT_TRANSACTION_TIMEOUT);
    if (timeout != null && (timeout.toMillis() < 1000 || timeout.toMillis() > Integer.MAX_VALUE)) {
      s.problem("'kafka.transaction-timeout' must be between 1 s and 24 days, got " + timeout);
    }
    return timeout;
  }

  /** {@code kafka.bootstrap-servers}, required, checked as {@code host:port[,host:port]}. */
  public static String bootstrapServers(Settings s) {
    String value = s.required("kafka.bootstrap-servers");
    if (value != null) {
      for (String server : value.split(",")) {
        var m = HOST_PORT.matcher(server.strip());
        if (!m.matches()
            || Integer.parseInt(m.group(1)) < 1
            || Integer.parseInt(m.group(1)) > 65535) {
          s.problem(
              "'kafka.bootstrap-servers' must be host:port[,host:port...], got '"
                  + server.strip()
                  + "'");
        }
      }
    }
    return value;
  }
}
