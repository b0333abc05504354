package io.clickpulse.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clickpulse.jobs.alert.AlertRules;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Clicks in event time for the alert latency: every link gets a steady baseline each minute, and
 * link k gets a spike (2 minutes far above its baseline, the default spike rule) starting at minute
 * {@code WARMUP + 3k}. Event time starts in the past and runs much faster than the wall clock, so
 * dozens of spikes take minutes, not hours.
 *
 * <p>A spike's second minute closes when the watermark passes its end, which happens when an event
 * at least {@link #OUT_OF_ORDERNESS_MILLIS} plus the bot patterns' mark delay ({@link
 * #MARK_DELAY_MILLIS}: the rules see the watermark that much later) past that end arrives on every
 * partition: that event, sent to both partitions by the benchmark, is what completes the spike.
 */
final class SpikeTimeline {
  static final long MINUTE = 60_000;
  static final long OUT_OF_ORDERNESS_MILLIS = 30_000;

  static final long MARK_DELAY_MILLIS =
      AlertRules.parse(AlertRules.bundled().bots().markDelay).toMillis();

  /** Minutes of history before the first spike: one more than the bundled rules' warm-up. */
  static final int WARMUP_MINUTES = AlertRules.bundled().baseline().warmupMinutes + 1;

  static final int BASELINE_PER_MINUTE = 6;
  static final int SPIKE_PER_MINUTE = 60;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> BROWSERS =
      List.of(
          "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
              + " Chrome/130.0.0.0 Safari/537.36",
          "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML,"
              + " like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
          "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0");

  /** A click to send: its time, JSON, and a partition when it must go to one. */
  record Click(long eventTime, String key, byte[] value, Integer partition) {}

  private final int spikes;
  private final long start;
  private long nextId;

  /** Event time begins {@code startMillis} (a whole minute, within the last days). */
  SpikeTimeline(int spikes, long startMillis) {
    this.spikes = spikes;
    this.start = startMillis;
  }

  /** Minutes the timeline spans, for choosing a start that keeps it in the past. */
  static int minutes(int spikes) {
    return WARMUP_MINUTES + 3 * spikes + 2;
  }

  static String link(int spike) {
    return String.format("lnk-bench-spike-%02d", spike);
  }

  /** Start of the minute link {@code spike} spikes in (it stays high for two minutes). */
  long spikeStart(int spike) {
    return start + (WARMUP_MINUTES + 3L * spike) * MINUTE;
  }

  /** The event time that closes spike {@code spike}'s second minute. */
  long completion(int spike) {
    return spikeStart(spike) + 2 * MINUTE + OUT_OF_ORDERNESS_MILLIS + MARK_DELAY_MILLIS;
  }

  /**
   * Clicks before this time are stored once every click before {@code completion} is read: the
   * watermark then stands at about {@code completion - OUT_OF_ORDERNESS_MILLIS} and the bot
   * patterns let clicks go {@link #MARK_DELAY_MILLIS} behind it. Ten seconds spare cover the last
   * clicks not landing on every partition.
   */
  long released(long completion) {
    return completion - OUT_OF_ORDERNESS_MILLIS - MARK_DELAY_MILLIS - 10_000;
  }

  /** Every baseline and spike click with {@code from <= event time < to}, in time order. */
  List<Click> between(long from, long to) {
    List<Click> clicks = new ArrayList<>();
    for (long minute = start + Math.floorDiv(from - start, MINUTE) * MINUTE;
        minute < to;
        minute += MINUTE) {
      for (int link = 0; link < spikes; link++) {
        boolean spiking = minute >= spikeStart(link) && minute < spikeStart(link) + 2 * MINUTE;
        int count = BASELINE_PER_MINUTE + (spiking ? SPIKE_PER_MINUTE : 0);
        for (int i = 0; i < count; i++) {
          // Spread over the minute, links offset a little from each other.
          long t = minute + (MINUTE * i + MINUTE / 2) / count + link;
          if (t >= from && t < to) {
            clicks.add(click(link(link), t, null));
          }
        }
      }
    }
    clicks.sort(Comparator.comparingLong(Click::eventTime));
    return clicks;
  }

  /** The click at {@code eventTime} for {@code partition}: moves that partition's watermark. */
  Click tick(long eventTime, int partition) {
    return click("lnk-bench-clock-" + partition, eventTime, partition);
  }

  private Click click(String linkId, long eventTime, Integer partition) {
    long id = nextId++;
    ObjectNode e = JSON.createObjectNode();
    String eventId = "bench-alert-" + id;
    e.put("event_id", eventId);
    e.put("event_time", eventTime);
    e.put("link_id", linkId);
    e.put("short_url", "https://cpl.sh/" + linkId);
    e.put("destination_url", "https://shop.example/bench/" + linkId);
    e.put("referrer", "https://www.google.com/");
    e.put("user_agent", BROWSERS.get((int) (id % BROWSERS.size())));
    // A different client for every click, so no bot pattern sees a burst.
    e.put("ip", "198.18." + (id / 250 % 250) + "." + (1 + id % 250));
    e.put("http_method", "GET");
    e.put("redirect_status", 302);
    e.put("country", "US");
    return new Click(eventTime, eventId, e.toString().getBytes(StandardCharsets.UTF_8), partition);
  }
}
