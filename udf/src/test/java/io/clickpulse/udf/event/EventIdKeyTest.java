package io.clickpulse.udf.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventIdKeyTest {

  /** Canonical lowercase UUIDs pack into their two halves, as java.util.UUID reads them. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "123e4567-e89b-42d3-a456-426614174000, 123e4567e89b42d3, a456426614174000",
    "00000000-0000-0000-0000-000000000000, 0000000000000000, 0000000000000000",
    "ffffffff-ffff-ffff-ffff-ffffffffffff, ffffffffffffffff, ffffffffffffffff",
    "0189d3f0-7c3a-7b2e-9f10-5a6b7c8d9e0f, 0189d3f07c3a7b2e, 9f105a6b7c8d9e0f",
    "80000000-0000-0000-8000-000000000001, 8000000000000000, 8000000000000001",
  })
  void packsCanonicalUuids(String id, String high, String low) {
    EventIdKey key = EventIdKey.of(id);
    assertEquals(
        new EventIdKey("", Long.parseUnsignedLong(high, 16), Long.parseUnsignedLong(low, 16)), key);
    assertEquals(id, key.eventId());
  }

  /**
   * Everything else stays itself: other id formats, and the spellings of a UUID that {@code
   * UUID.fromString} would fold into a canonical one (upper case, short groups, braces, no dashes).
   */
  @ParameterizedTest(name = "[{0}]")
  @ValueSource(
      strings = {
        "evt-42-1234567",
        "a",
        "123E4567-E89B-42D3-A456-426614174000",
        "123e4567-e89b-42d3-a456-42661417400A",
        "123e4567-e89b-42d3-a456-4266141740000",
        "123e4567-e89b-42d3-a456-42661417400",
        "123e4567e89b-42d3-a456-4266141740000",
        "1-1-1-1-1",
        "{123e4567-e89b-42d3-a456-426614174000}",
        "123e4567e89b42d3a456426614174000",
        "123e4567_e89b_42d3_a456_426614174000",
        "123e4567-e89b-42d3-a456-42661417400g",
        "123e4567-e89b-42d3-a456-4266141740é0",
        "+23e4567-e89b-42d3-a456-426614174000",
      })
  void keepsOtherIdsAsThemselves(String id) {
    assertEquals(new EventIdKey(id, 0, 0), EventIdKey.of(id));
    assertEquals(id, EventIdKey.of(id).eventId());
  }

  @Test
  void differentIdsNeverShareAKey() {
    List<String> ids =
        List.of(
            "123e4567-e89b-42d3-a456-426614174000",
            "123E4567-E89B-42D3-A456-426614174000",
            "123e4567-e89b-42d3-a456-426614174001",
            "00000000-0000-0000-0000-000000000000",
            "0",
            "00000000000000000000000000000000",
            "evt-42-1");
    Set<EventIdKey> keys = new HashSet<>();
    ids.forEach(id -> keys.add(EventIdKey.of(id)));
    assertEquals(ids.size(), keys.size());
  }

  @Test
  void rejectsTheEmptyIdThatCouldPassForAUuid() {
    assertThrows(IllegalArgumentException.class, () -> EventIdKey.of(""));
  }
}
