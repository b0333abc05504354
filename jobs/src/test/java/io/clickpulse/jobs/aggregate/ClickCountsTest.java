package io.clickpulse.jobs.aggregate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClickCountsTest {
  private static ClickCounts count(String visitors) {
    ClickCounts counts = new ClickCounts();
    if (!visitors.isBlank()) {
      for (String v : visitors.trim().split("\\s+")) {
        MinuteClick c = new MinuteClick();
        c.visitorId = Long.parseLong(v);
        counts.add(c);
      }
    }
    return counts;
  }

  /** Visitors of two partial counts (window panes, or a late firing) merge to the exact union. */
  @ParameterizedTest(name = "[{0}] + [{1}]")
  @CsvSource({
    "'3 1 2 1', '', 4, '1 2 3'",
    "'5 -7 5', '-7 9 0', 6, '-7 0 5 9'",
    "'9223372036854775807 -9223372036854775808', '0 9223372036854775807', 4, '-9223372036854775808 0 9223372036854775807'",
    "'', '', 0, ''",
  })
  void countsClicksAndExactlyTheDistinctVisitors(
      String left, String right, long clicks, String distinct) {
    ClickCounts merged = count(left).merge(count(right));
    long[] expected =
        distinct.isBlank()
            ? new long[0]
            : Arrays.stream(distinct.trim().split("\\s+")).mapToLong(Long::parseLong).toArray();
    assertEquals(clicks, merged.clicks);
    assertArrayEquals(expected, merged.visitorIds);
    assertEquals(expected.length, merged.uniqueVisitors());
  }
}
