package io.clickpulse.udf.conversion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AttributionTest {
  /** The sale: 2026-12-05T20:59:00Z. */
  static final long SALE_TIME = Instant.parse("2026-12-05T20:59:00Z").toEpochMilli();

  static final long DAY = 24 * 3_600_000L;

  private final Attribution thirtyDays = new Attribution(Duration.ofDays(30), 2);

  /** A human click of visitor 7 on {@code link} at {@code time}; "bot:" and "test:" mark others. */
  static AttributionClick click(String id, String time, String link) {
    AttributionClick c = new AttributionClick();
    c.clickId = id;
    c.eventTime = Instant.parse(time).toEpochMilli();
    c.visitorId = 7L;
    c.linkId = link;
    c.campaignId = "cmp-" + link;
    c.channel = link.startsWith("lnk_nl") ? "email" : "paid_social";
    c.isBot = id.startsWith("bot:");
    c.isTest = id.startsWith("test:");
    return c;
  }

  static ConversionEvent sale(String clickId) {
    ConversionEvent e = new ConversionEvent();
    e.conversionId = "ord-1";
    e.type = ConversionType.SALE;
    e.eventTime = SALE_TIME;
    e.clickId = clickId;
    return e;
  }

  /** The credits as "model clickId weight" strings, in order. */
  private static List<String> credits(List<Attribution.Credit> credits) {
    return credits.stream()
        .map(c -> c.model().code() + " " + c.click().clickId + " " + c.weight())
        .toList();
  }

  static Stream<Arguments> cases() {
    AttributionClick newsletter = click("c-nl", "2026-11-20T08:00:00Z", "lnk_nl_winter");
    AttributionClick instagram = click("c-ig", "2026-12-01T19:30:00Z", "lnk_ig_bf");
    AttributionClick retarget = click("c-rt", "2026-12-05T20:40:00Z", "lnk_ig_rt");
    AttributionClick crawlerAfter = click("bot:c-1", "2026-12-05T20:50:00Z", "lnk_ig_rt");
    AttributionClick qa = click("test:c-2", "2026-12-05T20:55:00Z", "lnk_nl_winter");
    AttributionClick afterSale = click("c-after", "2026-12-05T21:10:00Z", "lnk_ig_rt");
    AttributionClick tooOld = click("c-old", "2026-11-05T20:58:59Z", "lnk_nl_autumn");
    AttributionClick atWindowStart = click("c-edge", "2026-11-05T20:59:00Z", "lnk_nl_autumn");
    AttributionClick atSale = click("c-same", "2026-12-05T20:59:00Z", "lnk_ig_rt");
    return Stream.of(
        Arguments.of("no clicks", null, List.of(), List.of()),
        Arguments.of("one click", null, List.of(instagram), List.of("last_click c-ig 1.0")),
        Arguments.of(
            "the last click wins, two assist, most recent first",
            null,
            List.of(newsletter, instagram, retarget),
            List.of("last_click c-rt 1.0", "assisted c-ig 0.5", "assisted c-nl 0.5")),
        Arguments.of(
            "at most maxAssisted assists",
            null,
            List.of(atWindowStart, newsletter, instagram, retarget),
            List.of("last_click c-rt 1.0", "assisted c-ig 0.5", "assisted c-nl 0.5")),
        Arguments.of(
            "a bot and a test click just before the sale earn nothing",
            null,
            List.of(instagram, crawlerAfter, qa),
            List.of("last_click c-ig 1.0")),
        Arguments.of(
            "only bots and tests: unattributed", null, List.of(crawlerAfter, qa), List.of()),
        Arguments.of(
            "a click after the sale does not count",
            null,
            List.of(instagram, afterSale),
            List.of("last_click c-ig 1.0")),
        Arguments.of(
            "a click at the very time of the sale counts",
            null,
            List.of(instagram, atSale),
            List.of("last_click c-same 1.0", "assisted c-ig 1.0")),
        Arguments.of("one millisecond outside the window", null, List.of(tooOld), List.of()),
        Arguments.of(
            "exactly 30 days before is inside",
            null,
            List.of(atWindowStart),
            List.of("last_click c-edge 1.0")),
        Arguments.of(
            "the click the conversion names wins over a later one",
            "c-ig",
            List.of(newsletter, instagram, retarget),
            List.of("last_click c-ig 1.0", "assisted c-nl 1.0")),
        Arguments.of(
            "a named click that is a bot does not qualify: the last human click wins",
            "bot:c-1",
            List.of(instagram, crawlerAfter),
            List.of("last_click c-ig 1.0")),
        Arguments.of(
            "a named click outside the window does not qualify",
            "c-old",
            List.of(tooOld, instagram),
            List.of("last_click c-ig 1.0")),
        Arguments.of(
            "a redelivered click counts once",
            null,
            List.of(instagram, retarget, retarget),
            List.of("last_click c-rt 1.0", "assisted c-ig 1.0")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void creditsTheQualifyingClicks(
      String name, String namedClick, List<AttributionClick> clicks, List<String> expected) {
    assertEquals(expected, credits(thirtyDays.attribute(sale(namedClick), clicks)));
  }

  @Test
  void theOrderClicksArriveInDoesNotMatter() {
    List<AttributionClick> clicks =
        new ArrayList<>(
            List.of(
                click("c-b", "2026-12-01T10:00:00Z", "lnk_ig_bf"),
                // Same millisecond: the click id breaks the tie, the same way on every replay.
                click("c-a", "2026-12-01T10:00:00Z", "lnk_nl_winter"),
                click("c-c", "2026-12-02T10:00:00Z", "lnk_ig_rt")));
    List<String> expected = credits(thirtyDays.attribute(sale(null), clicks));
    assertEquals(List.of("last_click c-c 1.0", "assisted c-b 0.5", "assisted c-a 0.5"), expected);
    for (int seed = 0; seed < 6; seed++) {
      Collections.shuffle(clicks, new java.util.Random(seed));
      assertEquals(expected, credits(thirtyDays.attribute(sale(null), clicks)));
    }
  }

  @Test
  void noAssistsWhenNoneAreWanted() {
    Attribution lastOnly = new Attribution(Duration.ofDays(7), 0);
    List<AttributionClick> clicks =
        List.of(
            click("c-1", "2026-12-01T10:00:00Z", "lnk_ig_bf"),
            click("c-2", "2026-12-04T10:00:00Z", "lnk_ig_rt"));
    assertEquals(List.of("last_click c-2 1.0"), credits(lastOnly.attribute(sale(null), clicks)));
  }

  @Test
  void retainKeepsWhatAConversionCouldStillCredit() {
    long now = SALE_TIME;
    List<AttributionClick> clicks =
        List.of(
            click("c-old", "2026-11-05T20:58:59Z", "lnk_nl_autumn"),
            click("c-edge", "2026-11-05T20:59:00Z", "lnk_nl_autumn"),
            click("bot:c-1", "2026-12-05T20:50:00Z", "lnk_ig_rt"),
            click("c-new", "2026-12-05T20:40:00Z", "lnk_ig_rt"),
            click("c-mid", "2026-12-01T19:30:00Z", "lnk_ig_bf"));
    assertEquals(
        List.of("c-edge", "c-mid", "c-new"),
        thirtyDays.retain(clicks, now, 10).stream().map(c -> c.clickId).toList());
    assertEquals(
        List.of("c-mid", "c-new"),
        thirtyDays.retain(clicks, now, 2).stream().map(c -> c.clickId).toList());
    assertEquals(List.of(), thirtyDays.retain(clicks, now + 31 * DAY, 10));
    // Before the first watermark nothing is too old.
    assertEquals(4, thirtyDays.retain(clicks, Long.MIN_VALUE, 10).size());
  }

  @Test
  void rejectsImpossibleSettings() {
    assertThrows(IllegalArgumentException.class, () -> new Attribution(Duration.ZERO, 1));
    assertThrows(IllegalArgumentException.class, () -> new Attribution(Duration.ofDays(1), -1));
  }
}
