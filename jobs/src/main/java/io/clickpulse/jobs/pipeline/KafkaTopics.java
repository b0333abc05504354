package io.clickpulse.jobs.pipeline;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Start-up check that the job's topics exist: a clear error now instead of a stalled sink later.
 */
public final class KafkaTopics {
  private KafkaTopics() {}

  public static void requireExisting(String bootstrapServers, List<String> topics) {
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                30_000))) {
      Set<String> missing = new TreeSet<>(topics);
      missing.removeAll(admin.listTopics().names().get(30, TimeUnit.SECONDS));
      if (!missing.isEmpty()) {
        throw new IllegalStateException(
            "Kafka topics "
                + missing
                + " do not exist on "
                + bootstrapServers
                + ": create them (see docker/ and README) before starting the job");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while checking Kafka topics", e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(
          "Kafka at "
              + bootstrapServers
              + " is not reachable (check kafka.bootstrap-servers): "
              + e,
          e);
    }
  }
}
