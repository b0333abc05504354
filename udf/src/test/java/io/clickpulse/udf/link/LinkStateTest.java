package io.clickpulse.udf.link;

import static io.clickpulse.udf.link.Links.T;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LinkStateTest {
  /**
   * Events as {@code type:version[:destination-or-expiry]}, applied in order; destinations are
   * paths on shop.acme.com, expiries hours after T.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      textBlock =
          """
          # events                                          | version | destination | deleted | expires (h)
          created:1:/a                                        | 1       | /a          | false   | -
          created:1:/a updated:2:/b                           | 2       | /b          | false   | -
          created:1:/a updated:2:/b updated:2:/c              | 2       | /b          | false   | -
          created:3:/a updated:2:/b                           | 3       | /a          | false   | -
          created:1:/a updated:1:/b                           | 1       | /a          | false   | -
          created:1:/a deleted:2                              | 2       | /a          | true    | -
          created:1:/a deleted:2 updated:2:/c                 | 2       | /a          | true    | -
          created:1:/a deleted:2 created:3:/c                 | 3       | /c          | false   | -
          created:1:/a expiry:2:48                            | 2       | /a          | false   | 48
          expiry:1:48                                         | 1       | -           | false   | 48
          created:1:/a expiry:2:48 updated:3:/b               | 3       | /b          | false   | -
          created:1:/a expiry:3:48 expiry:2:12                | 3       | /a          | false   | 48
          """)
  void keepsTheLatestVersion(
      String events, long version, String destination, boolean deleted, Long expiresHours) {
    LinkState state = null;
    for (String step : events.split(" ")) {
      state = LinkState.apply(state, event(step));
    }
    LinkState s = state;
    assertAll(
        () -> assertEquals(version, s.version),
        () ->
            assertEquals(
                destination == null ? null : "https://shop.acme.com" + destination,
                s.destinationUrl),
        () -> assertEquals(deleted, s.deleted),
        () ->
            assertEquals(expiresHours == null ? null : T + expiresHours * Links.HOUR, s.expiresAt));
  }

  private static LinkEvent event(String step) {
    String[] p = step.split(":");
    long version = Long.parseLong(p[1]);
    return switch (p[0]) {
      case "created" -> Links.created("lnk_1", version, "https://shop.acme.com" + p[2]);
      case "updated" ->
          Links.updated(
              Links.created("lnk_1", version, "x"), version, "https://shop.acme.com" + p[2]);
      case "deleted" -> Links.deleted("lnk_1", version, T);
      case "expiry" -> Links.expiry("lnk_1", version, T + Long.parseLong(p[2]) * Links.HOUR);
      default -> throw new IllegalArgumentException(step);
    };
  }

  @Test
  void staleEventsReturnTheSameStateAndFreshOnesACopy() {
    LinkState v2 = LinkState.apply(null, Links.created("lnk_1", 2, "https://shop.acme.com/a"));
    v2.clicked(T + 5 * Links.HOUR);
    LinkState before = v2.copy();
    assertSame(v2, LinkState.apply(v2, Links.created("lnk_1", 2, "https://shop.acme.com/b")));
    LinkState v3 =
        LinkState.apply(
            v2, Links.updated(Links.created("lnk_1", 3, "-"), 3, "https://shop.acme.com/c"));
    assertAll(
        () -> assertNotSame(v2, v3),
        () -> assertEquals(before, v2, "apply changed its input"),
        () -> assertEquals(T + 5 * Links.HOUR, v3.lastClickAt, "last click carried over"),
        () -> assertEquals("Winter sale 2026", v3.campaignName),
        () -> assertEquals("maria.jansen@acme.com", v3.owner));
  }

  @CsvSource({"0, 100, 100", "100, 50, 100", "100, 100, 100", "100, 250, 250"})
  @ParameterizedTest(name = "last {0}, click {1} -> {2}")
  void lastClickOnlyMovesForward(long last, long click, long expected) {
    LinkState s = new LinkState();
    s.lastClickAt = last;
    s.clicked(click);
    assertEquals(expected, s.lastClickAt);
  }

  @Test
  void deleteRecordsItsTime() {
    LinkState s =
        LinkState.apply(
            LinkState.apply(null, Links.created("lnk_1", 1, "https://shop.acme.com/a")),
            Links.deleted("lnk_1", 2, T + Links.HOUR));
    assertEquals(T + Links.HOUR, s.deletedAt);
  }
}
