package io.clickpulse.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading Flink's checkpoint REST answers (shapes as Flink 2.2 sends them, trimmed). */
class CheckpointStatesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"latest\":{\"completed\":{\"id\":7,\"state_size\":10}}} | 7",
        "{\"latest\":{\"completed\":null,\"failed\":null}}          | -1",
        "{\"counts\":{\"completed\":0}}                            | -1"
      })
  void theLatestCompletedCheckpoint(String answer, long id) throws Exception {
    assertEquals(id, CheckpointStates.latestCompletedId(JSON.readTree(answer)));
  }

  @Test
  void statePerVertexNamedAfterItsOperators() throws Exception {
    var details =
        JSON.readTree(
            "{\"id\":7,\"tasks\":{\"a1\":{\"state_size\":3200,\"checkpointed_size\":100},"
                + "\"b2\":{\"state_size\":640},\"c3\":{\"state_size\":0}}}");
    var job =
        JSON.readTree(
            "{\"vertices\":[{\"id\":\"a1\",\"name\":\"deduplicate -> enrich\"},"
                + "{\"id\":\"b2\",\"name\":\"observe-minutes -> spike-minutes\"},"
                + "{\"id\":\"c3\",\"name\":\"Source: clicks.raw -> validate\"}]}");
    assertEquals(
        Map.of("a1", 3200L, "b2", 640L, "c3", 0L), CheckpointStates.stateByVertex(details));
    Map<String, String> names = CheckpointStates.vertexNames(job);
    assertEquals("observe-minutes -> spike-minutes", names.get("b2"));

    JobFacts facts =
        new JobFacts(
            Map.of("alert_subject_timers", 1440L),
            Map.of(names.get("a1"), 3200L, names.get("b2"), 640L),
            7);
    assertEquals(3200L, facts.stateOf("deduplicate"));
    assertEquals(640L, facts.stateOf("observe-minutes"));
    assertNull(facts.stateOf("bot-patterns"), "no such vertex: n/a, not 0");
    assertEquals(1440L, facts.accumulator("alert_subject_timers"));
    assertNull(facts.accumulator("bot_pattern_timers"));
  }
}
