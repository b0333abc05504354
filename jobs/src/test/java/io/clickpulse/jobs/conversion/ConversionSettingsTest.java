package io.clickpulse.jobs.conversion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.jobs.settings.ConfigException;
import io.clickpulse.jobs.settings.Settings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConversionSettingsTest {
  private static ConversionSettings read(Map<String, String> values) {
    Settings s = Settings.of(values);
    ConversionSettings settings = ConversionSettings.from(s);
    s.validate();
    return settings;
  }

  @Test
  void offUnlessTheTopicIsSet() {
    ConversionSettings d = read(Map.of());
    assertFalse(d.enabled());
    assertEquals(Duration.ofDays(30), d.window());
    assertEquals(Duration.ofDays(37), d.clickRetention());
    assertTrue(read(Map.of("kafka.topic.conversions", "conversions")).enabled());
  }

  @Test
  void readsEveryKey() {
    ConversionSettings s =
        read(
            Map.of(
                "kafka.topic.conversions", "shop.conversions",
                "conversions.attribution-window", "7 d",
                "conversions.max-assisted", "0",
                "conversions.max-clicks-per-visitor", "20",
                "conversions.max-delay", "2 d",
                "conversions.grace", "30 s",
                "conversions.resolve-click-ids", "false"));
    assertEquals(
        new ConversionSettings(
            "shop.conversions",
            Duration.ofDays(7),
            0,
            20,
            Duration.ofDays(2),
            Duration.ofSeconds(30),
            false),
        s);
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    "conversions.attribution-window, 400 d",
    "conversions.attribution-window, 0 s",
    "conversions.max-assisted, 11",
    "conversions.max-clicks-per-visitor, 0",
    "conversions.grace, soon",
    "conversions.resolve-click-ids, yes",
  })
  void namesTheKeyOfABadValue(String key, String value) {
    ConfigException e = assertThrows(ConfigException.class, () -> read(Map.of(key, value)));
    assertTrue(e.getMessage().contains("'" + key + "'"), e::getMessage);
  }
}
