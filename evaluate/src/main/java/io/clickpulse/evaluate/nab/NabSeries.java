package io.clickpulse.evaluate.nab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One NAB event-count series (for example {@code Twitter_volume_AAPL.csv}): its rows, one count per
 * 5 minutes, and its labelled anomaly windows from {@code windows.json}.
 *
 * <p>File format (NAB's {@code data/} and {@code labels/combined_windows.json}): a CSV with the
 * header {@code timestamp,value}, rows {@code 2015-02-26 21:42:53,104} in UTC, 5 minutes apart with
 * no gaps; a JSON object mapping each file name to a list of {@code [start, end]} pairs such as
 * {@code "2015-03-03 04:37:53.000000"}. Anything else fails with the file and line.
 *
 * <p>To replay a series as one link's clicks, {@link #countsPerMinute()} spreads the count N of a
 * 5-minute row over its 5 minutes deterministically: {@code N / 5} clicks each and the remainder
 * {@code N % 5} one each to the first minutes (7 becomes 2,2,1,1,1). The sum is exact and no seed
 * is needed, so every run sees the same minutes; the front-loading is at most one click per minute.
 */
public record NabSeries(
    String name, List<Instant> rowTimestamps, long[] rowCounts, List<NabWindow> windows) {

  /** The step between rows of every NAB tweets series. */
  public static final Duration ROW_STEP = Duration.ofMinutes(5);

  public static final int MINUTES_PER_ROW = 5;

  /** The name of the labels file next to the series. */
  public static final String WINDOWS_FILE = "windows.json";

  private static final DateTimeFormatter TIMESTAMP =
      new DateTimeFormatterBuilder()
          .appendPattern("yyyy-MM-dd HH:mm:ss")
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .optionalEnd()
          .toFormatter();

  public NabSeries {
    rowTimestamps = List.copyOf(rowTimestamps);
    windows = List.copyOf(windows);
    rowCounts = rowCounts.clone();
    if (rowTimestamps.isEmpty()) {
      throw new IllegalArgumentException(name + ": no rows");
    }
    if (rowTimestamps.size() != rowCounts.length) {
      throw new IllegalArgumentException(
          name + ": " + rowTimestamps.size() + " timestamps but " + rowCounts.length + " counts");
    }
    for (int i = 1; i < rowTimestamps.size(); i++) {
      if (!rowTimestamps.get(i).equals(rowTimestamps.get(i - 1).plus(ROW_STEP))) {
        throw new IllegalArgumentException(
            name
                + ": row "
                + i
                + " at "
                + rowTimestamps.get(i)
                + " is not 5 minutes after the last");
      }
    }
    // Checks the windows against the rows as NAB's labeler does (bounds are row timestamps).
    NabScorer.rowWindows(rowTimestamps, windows);
  }

  /** Where the issue keeps the series, relative to the repository: {@code ../shared/data/...}. */
  public static final String DATA_DIR = "shared/data/nab-tweets";

  /**
   * The series directory {@code shared/data/nab-tweets} under the working directory or the nearest
   * of its parents that has one (so from the repository, a module or a worktree).
   */
  public static Optional<Path> locateDataDir() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(DATA_DIR);
      if (Files.isRegularFile(candidate.resolve(WINDOWS_FILE))) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** Every series listed in {@code dir/windows.json}, by file name. */
  public static List<NabSeries> readAll(Path dir) {
    Map<String, List<NabWindow>> windows = readWindows(dir.resolve(WINDOWS_FILE));
    List<NabSeries> series = new ArrayList<>();
    windows.forEach((file, fileWindows) -> series.add(read(dir.resolve(file), fileWindows)));
    return series;
  }

  /** The series in {@code csv} with its windows taken from {@code windows.json} beside it. */
  public static NabSeries read(Path csv) {
    String file = csv.getFileName().toString();
    Path windowsFile = csv.resolveSibling(WINDOWS_FILE);
    List<NabWindow> windows = readWindows(windowsFile).get(file);
    if (windows == null) {
      throw new IllegalArgumentException(windowsFile + ": no entry for " + file);
    }
    return read(csv, windows);
  }

  /** The series in {@code csv} with the given windows. */
  public static NabSeries read(Path csv, List<NabWindow> windows) {
    List<String> lines;
    try {
      lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read NAB series " + csv, e);
    }
    if (lines.isEmpty() || !lines.get(0).strip().equals("timestamp,value")) {
      throw new IllegalArgumentException(csv + ":1: expected the header 'timestamp,value'");
    }
    List<Instant> timestamps = new ArrayList<>(lines.size());
    long[] counts = new long[lines.size() - 1];
    int rows = 0;
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      String where = csv + ":" + (i + 1) + ": ";
      String[] fields = line.split(",", -1);
      if (fields.length != 2) {
        throw new IllegalArgumentException(
            where + "expected 'timestamp,value', got '" + line + "'");
      }
      Instant t = parseTimestamp(fields[0], where);
      long count;
      try {
        count = Long.parseLong(fields[1].strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(where + "value must be a whole count: " + fields[1]);
      }
      if (count < 0) {
        throw new IllegalArgumentException(where + "value must not be negative: " + count);
      }
      // The minute replay needs every 5 minutes present: a gap would silently shift later rows.
      if (rows > 0 && !t.equals(timestamps.get(rows - 1).plus(ROW_STEP))) {
        throw new IllegalArgumentException(
            where
                + "expected "
                + timestamps.get(rows - 1).plus(ROW_STEP)
                + " (rows 5 minutes apart)"
                + ", got "
                + t);
      }
      timestamps.add(t);
      counts[rows++] = count;
    }
    return new NabSeries(
        csv.getFileName().toString(), timestamps, Arrays.copyOf(counts, rows), windows);
  }

  /** The windows of every file in a NAB windows file, by file name (sorted). */
  public static Map<String, List<NabWindow>> readWindows(Path windowsJson) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(windowsJson.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read NAB windows " + windowsJson, e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(windowsJson + ": expected an object of file -> windows");
    }
    Map<String, List<NabWindow>> windows = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String where = windowsJson + ": " + entry.getKey() + ": ";
      if (!entry.getValue().isArray()) {
        throw new IllegalArgumentException(where + "expected a list of [start, end] pairs");
      }
      List<NabWindow> fileWindows = new ArrayList<>();
      for (JsonNode pair : entry.getValue()) {
        if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isTextual()) {
          throw new IllegalArgumentException(where + "expected [start, end], got " + pair);
        }
        fileWindows.add(
            new NabWindow(
                parseTimestamp(pair.get(0).asText(), where),
                parseTimestamp(pair.get(1).asText(), where)));
      }
      windows.put(entry.getKey(), List.copyOf(fileWindows));
    }
    return windows;
  }

  /** A NAB timestamp ({@code 2015-02-26 21:42:53}, optionally with a fraction), in UTC. */
  public static Instant parseTimestamp(String text, String where) {
    try {
      return LocalDateTime.parse(text.strip(), TIMESTAMP).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          where + "expected a timestamp like '2015-02-26 21:42:53', got '" + text + "'");
    }
  }

  /** The first row's timestamp: minute 0 of {@link #countsPerMinute()} starts here. */
  public Instant start() {
    return rowTimestamps.get(0);
  }

  @Override
  public long[] rowCounts() {
    return rowCounts.clone();
  }

  /** The clicks of one link per minute, {@link #MINUTES_PER_ROW} minutes per row (see above). */
  public long[] countsPerMinute() {
    long[] minutes = new long[rowCounts.length * MINUTES_PER_ROW];
    for (int row = 0; row < rowCounts.length; row++) {
      long[] spread = spread(rowCounts[row]);
      System.arraycopy(spread, 0, minutes, row * MINUTES_PER_ROW, MINUTES_PER_ROW);
    }
    return minutes;
  }

  /** One row's count over its minutes: {@code n / 5} each, the remainder to the first minutes. */
  static long[] spread(long n) {
    long[] minutes = new long[MINUTES_PER_ROW];
    for (int m = 0; m < MINUTES_PER_ROW; m++) {
      minutes[m] = n / MINUTES_PER_ROW + (m < n % MINUTES_PER_ROW ? 1 : 0);
    }
    return minutes;
  }

  /** How long the series lasts: its rows times the row step. */
  public Duration duration() {
    return ROW_STEP.multipliedBy(rowCounts.length);
  }
}
