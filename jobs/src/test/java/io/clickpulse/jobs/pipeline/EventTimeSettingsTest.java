package io.clickpulse.jobs.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.jobs.settings.ConfigException;
import io.clickpulse.jobs.settings.Settings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code aggregate.*} keys: defaults, and a clock lead that must stay below the disorder. */
class EventTimeSettingsTest {
  @Test
  void byDefaultAFastClockMovesTheWatermarkLessThanTheOutOfOrderness() {
    Settings s = Settings.of(Map.of());
    EventTimeSettings settings = EventTimeSettings.from(s);
    s.validate();
    assertEquals(Duration.ofSeconds(30), settings.outOfOrderness());
    assertEquals(Duration.ofSeconds(20), settings.maxClockLead());
    assertEquals(Duration.ofMinutes(5), settings.allowedLateness());
  }

  @Test
  void aClockLeadAsLargeAsTheOutOfOrdernessIsRefusedWithBothValues() {
    Settings s =
        Settings.of(
            Map.of("aggregate.max-clock-lead", "1 min", "aggregate.out-of-orderness", "30 s"));
    EventTimeSettings.from(s);
    ConfigException e = assertThrows(ConfigException.class, s::validate);
    assertTrue(
        e.getMessage()
            .contains(
                "'aggregate.max-clock-lead' (60 s) must be less than 'aggregate.out-of-orderness'"
                    + " (30 s)"),
        e.getMessage());
  }
}
