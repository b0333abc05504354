package io.clickpulse.jobs.kafka;

import io.clickpulse.jobs.settings.Settings;
import java.io.Serializable;
import java.util.regex.Pattern;

/**
 * How a job talks to Kafka (keys {@code kafka.*} but the topics, which belong to each job).
 *
 * @param groupId consumer group; offsets are committed on checkpoints
 * @param startingOffsets where a start without a savepoint reads from
 * @param bounded stop at the offsets that were latest when the job started
 * @param transactionalIdPrefix stable across restarts of one job, unique per job
 */
public record KafkaSettings(
    String bootstrapServers,
    String groupId,
    StartingOffsets startingOffsets,
    boolean bounded,
    String transactionalIdPrefix)
    implements Serializable {
  private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9.\\-\\[\\]:]+:(\\d{1,5})");

  /** Reads the {@code kafka.*} keys; {@code jobId} is the default group id and id prefix. */
  public static KafkaSettings from(Settings s, String jobId) {
    return new KafkaSettings(
        bootstrapServers(s),
        s.string("kafka.group-id", jobId),
        s.choice("kafka.starting-offsets", StartingOffsets.COMMITTED),
        s.bool("kafka.bounded", false),
        s.string("kafka.transactional-id-prefix", jobId));
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
