package io.clickpulse.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checkpointed state per job vertex, from the cluster's REST API ({@code /jobs/<id>/checkpoints},
 * {@code .../checkpoints/details/<cid>}, vertex names from {@code /jobs/<id>}), polled while the
 * job runs. Keeps the completed checkpoint with the most state: a bounded job's final checkpoint
 * comes after the final watermark has fired every timer, which empties windows and per-visitor
 * state, so the last checkpoint understates what the job holds while it runs.
 */
final class CheckpointStates {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final String job;
  private Map<String, String> vertexNames;
  private long lastSeen = -1;
  private long largestId = -1;
  private long largestTotal = -1;
  private Map<String, Long> largest = Map.of();

  CheckpointStates(String restUrl, String jobId) {
    this.job = restUrl.replaceAll("/$", "") + "/jobs/" + jobId;
  }

  /** Looks at the latest completed checkpoint; a REST hiccup only skips this look. */
  void poll() {
    try {
      long latest = latestCompletedId(get(job + "/checkpoints"));
      if (latest < 0 || latest == lastSeen) {
        return;
      }
      if (vertexNames == null) {
        vertexNames = vertexNames(get(job));
      }
      Map<String, Long> sizes = stateByVertex(get(job + "/checkpoints/details/" + latest));
      lastSeen = latest;
      long total = sizes.values().stream().mapToLong(Long::longValue).sum();
      // A checkpoint taken before the first record, or the final one (finished tasks report no
      // state), says nothing about what the job holds.
      if (total > 0 && total > largestTotal) {
        largestTotal = total;
        largestId = latest;
        largest = sizes;
      }
    } catch (IOException | RuntimeException e) {
      // The job may be between states; the next poll sees the checkpoint.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The job's accumulators with the state of the largest checkpoint seen, by vertex name. */
  JobFacts facts(Map<String, Object> accumulators) {
    Map<String, Long> byName = new LinkedHashMap<>();
    largest.forEach(
        (id, bytes) ->
            byName.merge(
                vertexNames == null ? id : vertexNames.getOrDefault(id, id), bytes, Long::sum));
    return new JobFacts(Map.copyOf(accumulators), byName, largestId);
  }

  static long latestCompletedId(JsonNode checkpoints) {
    JsonNode completed = checkpoints.path("latest").path("completed");
    return completed.isObject() ? completed.path("id").asLong(-1) : -1;
  }

  /** Vertex id → full state size of all its subtasks. */
  static Map<String, Long> stateByVertex(JsonNode details) {
    Map<String, Long> sizes = new HashMap<>();
    details
        .path("tasks")
        .properties()
        .forEach(task -> sizes.put(task.getKey(), task.getValue().path("state_size").asLong(0)));
    return sizes;
  }

  static Map<String, String> vertexNames(JsonNode job) {
    Map<String, String> names = new HashMap<>();
    job.path("vertices").forEach(v -> names.put(v.path("id").asText(), v.path("name").asText()));
    return names;
  }

  private JsonNode get(String url) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(url + ": HTTP " + response.statusCode());
    }
    return JSON.readTree(response.body());
  }
}
