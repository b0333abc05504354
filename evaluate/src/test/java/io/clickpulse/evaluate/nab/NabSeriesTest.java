package io.clickpulse.evaluate.nab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NabSeriesTest {

  @TempDir Path dir;

  /** The first rows of Twitter_volume_AAPL.csv, verbatim. */
  private static final String AAPL_HEAD =
      """
      timestamp,value
      2015-02-26 21:42:53,104
      2015-02-26 21:47:53,100
      2015-02-26 21:52:53,99
      2015-02-26 21:57:53,154
      """;

  private static final String WINDOWS =
      """
      {
       "Twitter_volume_AAPL.csv": [
        [
         "2015-02-26 21:47:53.000000",
         "2015-02-26 21:52:53.000000"
        ]
       ]
      }""";

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "0, 0 0 0 0 0",
    "1, 1 0 0 0 0",
    "4, 1 1 1 1 0",
    "5, 1 1 1 1 1",
    "7, 2 2 1 1 1",
    "104, 21 21 21 21 20",
    // AAPL's largest 5 minutes
    "13479, 2696 2696 2696 2696 2695",
  })
  void spreadsAFiveMinuteCountOverItsMinutesExactly(long n, String minutes) {
    long[] expected = Arrays.stream(minutes.split(" ")).mapToLong(Long::parseLong).toArray();
    assertArrayEquals(expected, NabSeries.spread(n));
    assertEquals(n, Arrays.stream(NabSeries.spread(n)).sum());
  }

  @Test
  void readsTheNabFormat() throws IOException {
    write("Twitter_volume_AAPL.csv", AAPL_HEAD);
    write("windows.json", WINDOWS);
    NabSeries series = NabSeries.read(dir.resolve("Twitter_volume_AAPL.csv"));
    assertEquals("Twitter_volume_AAPL.csv", series.name());
    assertEquals(Instant.parse("2015-02-26T21:42:53Z"), series.start());
    assertArrayEquals(new long[] {104, 100, 99, 154}, series.rowCounts());
    assertEquals(
        List.of(
            new NabWindow(
                Instant.parse("2015-02-26T21:47:53Z"), Instant.parse("2015-02-26T21:52:53Z"))),
        series.windows());
    assertArrayEquals(
        new long[] {21, 21, 21, 21, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 19, 31, 31, 31, 31, 30},
        series.countsPerMinute());
  }

  @Test
  void readAllReadsEverySeriesTheWindowsFileLists() throws IOException {
    write("Twitter_volume_AAPL.csv", AAPL_HEAD);
    write("windows.json", WINDOWS);
    List<NabSeries> all = NabSeries.readAll(dir);
    assertEquals(List.of("Twitter_volume_AAPL.csv"), all.stream().map(NabSeries::name).toList());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "wrong header | time,count\\n2015-02-26 21:42:53,1\\n | :1: expected the header",
        "gap | timestamp,value\\n2015-02-26 21:42:53,1\\n2015-02-26 21:52:53,1\\n"
            + " | :3: expected 2015-02-26T21:47:53Z",
        "negative | timestamp,value\\n2015-02-26 21:42:53,-1\\n | :2: value must not be negative",
        "fraction | timestamp,value\\n2015-02-26 21:42:53,1.5\\n | :2: value must be a whole count",
        "bad time | timestamp,value\\n26/02/2015 21:42,1\\n | :2: expected a timestamp",
        "one field | timestamp,value\\n2015-02-26 21:42:53\\n | :2: expected",
      })
  void rejectsMalformedSeriesNamingFileAndLine(String name, String csv, String message)
      throws IOException {
    Path file = write("bad.csv", csv.replace("\\n", "\n"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> NabSeries.read(file, List.of()));
    assertTrue(e.getMessage().contains("bad.csv" + message), e.getMessage());
  }

  @Test
  void rejectsAWindowThatIsNotOnTheRows() throws IOException {
    write("Twitter_volume_AAPL.csv", AAPL_HEAD);
    write("windows.json", WINDOWS.replace("21:52:53", "21:52:00"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> NabSeries.read(dir.resolve("Twitter_volume_AAPL.csv")));
    assertTrue(e.getMessage().contains("must be row timestamps"), e.getMessage());
  }

  @Test
  void rejectsASeriesTheWindowsFileDoesNotList() throws IOException {
    write("other.csv", AAPL_HEAD);
    write("windows.json", WINDOWS);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> NabSeries.read(dir.resolve("other.csv")));
    assertTrue(e.getMessage().contains("no entry for other.csv"), e.getMessage());
  }

  /** The shared copy of the five series (issue #16: ../shared/data/nab-tweets). */
  @Test
  void readsTheFiveSharedSeries() {
    Optional<Path> data = NabSeries.locateDataDir();
    assumeTrue(data.isPresent(), "shared/data/nab-tweets is not next to this checkout");
    List<NabSeries> all = NabSeries.readAll(data.get());
    // Rows and windows per file as in the data's README and windows.json.
    assertEquals(
        "Twitter_volume_AAPL.csv 15902 4, Twitter_volume_AMZN.csv 15831 4,"
            + " Twitter_volume_CRM.csv 15902 3, Twitter_volume_CVS.csv 15853 3,"
            + " Twitter_volume_FB.csv 15833 2",
        all.stream()
            .map(s -> s.name() + " " + s.rowCounts().length + " " + s.windows().size())
            .collect(Collectors.joining(", ")));
    for (NabSeries s : all) {
      long[] minutes = s.countsPerMinute();
      assertEquals(5 * s.rowCounts().length, minutes.length, s.name());
      assertEquals(Arrays.stream(s.rowCounts()).sum(), Arrays.stream(minutes).sum(), s.name());
      assertEquals(Instant.parse("2015-02-26T21:42:53Z"), s.start(), s.name());
    }
    // README: AAPL 85.6 per 5 minutes on average, at most 13,479.
    long[] aapl = all.get(0).rowCounts();
    assertEquals(85.6, Arrays.stream(aapl).average().orElseThrow(), 0.05);
    assertEquals(13_479, Arrays.stream(aapl).max().orElseThrow());
  }
}
