package io.clickpulse.stack.traffic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clickpulse.stack.traffic.GeneratedRecord.Kind;
import io.clickpulse.udf.event.ClickEvent;
import io.clickpulse.udf.event.ClickEventParser;
import io.clickpulse.udf.event.ParseResult;
import io.clickpulse.udf.event.ValidationLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The realistic traffic model, checked against its parameters (docs/traffic.md) and the pipeline's
 * own rules: what the records must look like follows from the options, not from the generator's
 * code.
 */
class RealisticTrafficTest {
  private static final long SECOND = 1000;
  private static final long MINUTE = 60 * SECOND;
  private static final long HOUR = 60 * MINUTE;

  /** 12 hours from 04:00 to 16:00 UTC: a night, a morning and the midday peak. */
  private static final long END = Instant.parse("2026-03-10T16:00:00Z").toEpochMilli();

  private static final long START = END - 12 * HOUR;
  private static final long GENERATED_AT = END + 2 * SECOND;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern EVENT_TIME = Pattern.compile("\"event_time\":(-?\\d+)");

  /** 20,000 events over 12 hours with the defaults: the sample several tests share. */
  private static List<GeneratedRecord> twentyThousand;

  private static RealisticTraffic.Options.Builder options() {
    return RealisticTraffic.Options.builder()
        .seed(7)
        .events(20_000)
        .end(END)
        .wallClock(() -> GENERATED_AT);
  }

  private static synchronized List<GeneratedRecord> twentyThousand() {
    if (twentyThousand == null) {
      twentyThousand = RealisticTraffic.generate(options().build());
    }
    return twentyThousand;
  }

  @Test
  void coversTwelveHoursOfADayWithQuietNightsAndBusyDaytime() {
    List<GeneratedRecord> everyday = select(twentyThousand(), RealisticTrafficTest::everydayClick);
    long first = everyday.stream().mapToLong(GeneratedRecord::trueEventTime).min().orElseThrow();
    long last = everyday.stream().mapToLong(GeneratedRecord::trueEventTime).max().orElseThrow();
    assertTrue(first >= START && first < START + 10 * MINUTE, "starts 12 h before the end");
    assertTrue(last < END && last > END - 10 * MINUTE, "ends at the end");

    long[] perHour = new long[12];
    everyday.forEach(r -> perHour[(int) ((r.trueEventTime() - START) / HOUR)]++);
    for (long n : perHour) {
      assertTrue(n > 0, "every hour has clicks " + java.util.Arrays.toString(perHour));
    }
    // 04:00-05:00 is the night's low (about a tenth of the peak), 11:00-13:00 the midday peak.
    long night = perHour[0];
    long peak = Math.min(perHour[7], perHour[8]);
    assertTrue(night * 3 < peak, "night " + night + " vs peak " + peak);
  }

  @Test
  void theDayCurveIsGentleEnoughForAlertBaselines() {
    double biggestStep = 0;
    for (int minute = 0; minute < 24 * 60; minute++) {
      double step =
          DayCurve.relativeRate((minute + 1) / 60.0) - DayCurve.relativeRate(minute / 60.0);
      biggestStep = Math.max(biggestStep, Math.abs(step));
    }
    // Baselines follow about an hour: a 2 % change per minute never looks like a spike or a drop.
    assertTrue(biggestStep < 0.02, "largest change per minute " + biggestStep);
  }

  @Test
  void linkPopularityHasZipfsLongTail() {
    int links = 100_000;
    double exponent = 1.05;
    // One-time visitors only: every click is an independent draw of a link.
    Map<String, Integer> clicksPerLink = new HashMap<>();
    new RealisticTraffic(
            options().events(200_000).links(links).oneClickShare(1).scenario("steady").build())
        .forEachRemaining(
            r -> {
              if (r.kind() == Kind.VALID) {
                clicksPerLink.merge(r.linkId(), 1, Integer::sum);
              }
            });
    int clicks = clicksPerLink.values().stream().mapToInt(Integer::intValue).sum();

    double[] p = zipf(links, exponent);
    double expectedTopShare = 0;
    for (int rank = 1; rank <= links / 100; rank++) {
      expectedTopShare += p[rank];
    }
    List<Integer> busiestFirst =
        clicksPerLink.values().stream().sorted((a, b) -> b - a).limit(links / 100).toList();
    double topShare = busiestFirst.stream().mapToInt(Integer::intValue).sum() / (double) clicks;
    assertEquals(expectedTopShare, topShare, 0.02, "the top 1 % of links");
    assertTrue(topShare > 0.5, "a few hot links get most clicks: " + topShare);

    // A link's clicks are Poisson with mean clicks × p(rank): P(at most one) = e^-m (1 + m).
    double expectedAtMostOne = 0;
    for (int rank = 1; rank <= links; rank++) {
      double mean = clicks * p[rank];
      expectedAtMostOne += Math.exp(-mean) * (1 + mean);
    }
    long atMostOne = links - clicksPerLink.values().stream().filter(n -> n >= 2).count();
    assertEquals(expectedAtMostOne, atMostOne, links * 0.01, "links clicked at most once");
    assertTrue(atMostOne > links / 2, "most links are rarely or never clicked: " + atMostOne);
  }

  @Test
  void mostVisitorsClickOnceAndTheOthersReturnOverHours() {
    Map<String, List<Long>> clickTimes = new HashMap<>();
    for (GeneratedRecord r : select(twentyThousand(), RealisticTrafficTest::everydayClick)) {
      JsonNode event = json(r);
      String visitor = event.get("ip").asText() + " " + event.get("user_agent").asText();
      clickTimes.computeIfAbsent(visitor, v -> new ArrayList<>()).add(r.trueEventTime());
    }
    long once = clickTimes.values().stream().filter(t -> t.size() == 1).count();
    assertEquals(0.8, once / (double) clickTimes.size(), 0.02, "one-click share (default 80 %)");

    List<List<Long>> returning = select(clickTimes.values(), t -> t.size() > 1);
    assertTrue(returning.stream().allMatch(t -> t.size() <= 6), "a few clicks each");
    List<Long> spans =
        returning.stream()
            .map(t -> t.stream().mapToLong(x -> x).max().getAsLong() - t.get(0))
            .sorted()
            .toList();
    long median = spans.get(spans.size() / 2);
    assertTrue(median > 30 * MINUTE, "returns come over hours, median " + median / MINUTE + " min");
  }

  @Test
  void onTimeRecordsArriveWithinTwentySecondsAndLateOnesBeyondTheAllowedLateness() {
    List<GeneratedRecord> records =
        RealisticTraffic.generate(options().events(200_000).scenario("steady").build());
    long maxSeen = START;
    long previousArrival = Long.MIN_VALUE;
    int valid = 0;
    int late = 0;
    int withinThreeSeconds = 0;
    int beyondTenSeconds = 0;
    for (GeneratedRecord r : records) {
      assertTrue(r.arrivalTime() >= previousArrival, "records come in arrival order");
      previousArrival = r.arrivalTime();
      if (r.kind() != Kind.VALID) {
        continue;
      }
      valid++;
      assertEquals(r.trueEventTime(), r.eventTime(), "no clock is skewed by default");
      // The pipeline: watermark = newest event time - 30 s; a window of 1 min stays open for
      // 5 min more. On-time records are never behind the first; late ones beyond all three.
      if (r.late()) {
        late++;
        long behind = r.arrivalTime() - r.eventTime();
        assertTrue(behind >= 10 * MINUTE && behind <= 20 * MINUTE, "late by " + behind);
        assertTrue(maxSeen - r.eventTime() >= 30 * SECOND + MINUTE + 5 * MINUTE, "late enough");
        assertTrue(r.arrivalTime() <= END, "arrives within the span");
      } else {
        long delay = r.arrivalTime() - r.trueEventTime();
        assertTrue(delay >= 0 && delay <= 20 * SECOND, "delay " + delay);
        assertTrue(r.eventTime() >= maxSeen - 20 * SECOND, "within the out-of-orderness");
        withinThreeSeconds += delay <= 3 * SECOND ? 1 : 0;
        beyondTenSeconds += delay > 10 * SECOND ? 1 : 0;
      }
      maxSeen = Math.max(maxSeen, r.eventTime());
    }
    assertTrue(withinThreeSeconds > 0.8 * valid, "most arrive within a few seconds");
    assertTrue(beyondTenSeconds > 0.01 * valid, "some take up to 20 s");
    assertEquals(0.002, late / (double) valid, 0.0005, "late share (default 0.2 %)");
  }

  @Test
  void theSameSeedGivesTheSameBytes() {
    List<GeneratedRecord> again = RealisticTraffic.generate(options().build());
    List<GeneratedRecord> first = twentyThousand();
    assertEquals(first.size(), again.size());
    for (int i = 0; i < first.size(); i++) {
      GeneratedRecord a = first.get(i);
      GeneratedRecord b = again.get(i);
      assertArrayEquals(a.value(), b.value(), "record " + i);
      assertEquals(
          List.of(a.key(), a.kind(), a.eventTime(), a.arrivalTime(), a.producer(), a.late()),
          List.of(b.key(), b.kind(), b.eventTime(), b.arrivalTime(), b.producer(), b.late()));
    }
    List<GeneratedRecord> otherSeed = RealisticTraffic.generate(options().seed(8).build());
    assertFalse(
        new String(first.get(100).value(), StandardCharsets.UTF_8)
            .equals(new String(otherSeed.get(100).value(), StandardCharsets.UTF_8)),
        "another seed, other traffic");
  }

  @Test
  void theSkewedProducersRecordsAreExactlySkewAhead() {
    Duration skew = Duration.ofMinutes(4);
    List<GeneratedRecord> records =
        RealisticTraffic.generate(options().producers(8).producerSkew(skew).build());
    List<GeneratedRecord> clicks = select(records, r -> r.kind() != Kind.MALFORMED);
    for (GeneratedRecord r : clicks) {
      assertEquals(r.producer() == 0, r.skewed(), "producer 0 is the one ahead");
      assertEquals(r.skewed() ? skew.toMillis() : 0, r.eventTime() - r.trueEventTime());
      assertTrue(r.producer() >= 0 && r.producer() < 8);
    }
    for (GeneratedRecord r : select(clicks, r -> r.kind() == Kind.VALID)) {
      assertEquals(r.eventTime(), json(r).get("event_time").asLong(), "sent as event_time");
    }
    double skewedShare = select(clicks, GeneratedRecord::skewed).size() / (double) clicks.size();
    assertEquals(1 / 8.0, skewedShare, 0.015, "one producer of eight");
    assertTrue(clicks.stream().noneMatch(r -> r.incident() != null && r.skewed()));
    assertEquals(
        select(clicks, r -> r.kind() == Kind.VALID && r.skewed() && !r.late()).size(),
        TrafficLedger.of(records).fastClockClicks(),
        "the fast producer's valid clicks that are not late");
  }

  @Test
  void malformedRecordsDatedNowCarryTheWallClock() {
    // A fixed clock: with the real one the span moved with the time of day and so did the draws.
    long now = GENERATED_AT;
    List<GeneratedRecord> records =
        RealisticTraffic.generate(options().end(now - 6 * HOUR).wallClock(() -> now).build());
    List<GeneratedRecord> malformed = select(records, r -> r.kind() == Kind.MALFORMED);
    // Those whose defect is not their time: the ones a client could date with its clock.
    List<GeneratedRecord> dated =
        select(
            malformed,
            r -> readableTime(r) != null && !r.expectedReason().equals("time_out_of_range"));
    List<GeneratedRecord> datedNow = select(malformed, GeneratedRecord::datedNow);
    assertTrue(dated.containsAll(datedNow), "only records with a readable event_time");
    assertEquals(0.5, datedNow.size() / (double) dated.size(), 0.1, "default share 50 %");
    assertEquals(datedNow.size(), TrafficLedger.of(records).datedNow());
    for (GeneratedRecord r : dated) {
      assertEquals(r.eventTime(), readableTime(r), "event_time as sent");
      if (r.datedNow()) {
        assertEquals(now, r.eventTime(), "dated now");
      } else {
        assertTrue(r.eventTime() < now - 6 * HOUR + 20 * SECOND, "dated in the span");
      }
    }
  }

  @Test
  void theLedgerCountsWhatTheRecordsSay() {
    List<GeneratedRecord> records = twentyThousand();
    TrafficLedger ledger = TrafficLedger.of(records);
    assertEquals(20_000, ledger.total(), "exactly the events asked for");
    for (Kind kind : Kind.values()) {
      assertEquals(select(records, r -> r.kind() == kind).size(), ledger.count(kind), kind.name());
    }
    Map<String, Long> byReason =
        records.stream()
            .filter(r -> r.expectedReason() != null)
            .collect(Collectors.groupingBy(GeneratedRecord::expectedReason, Collectors.counting()));
    assertEquals(byReason, ledger.expectedRejectsByReason());

    Map<TrafficLedger.MinuteLink, Long> stored = new TreeMap<>();
    Map<TrafficLedger.MinuteLink, Long> late = new TreeMap<>();
    for (GeneratedRecord r : records) {
      if (r.kind() == Kind.VALID && !json(r).get("is_test").asBoolean()) {
        long minute = json(r).get("event_time").asLong() / MINUTE * MINUTE;
        var key = new TrafficLedger.MinuteLink(minute, json(r).get("link_id").asText());
        stored.merge(key, 1L, Long::sum);
        if (r.late()) {
          late.merge(key, 1L, Long::sum);
        }
      }
    }
    assertEquals(stored, ledger.expectedClicksPerMinuteAndLink());
    assertEquals(late, ledger.expectedLateClicksPerMinuteAndLink());
    assertEquals(late.values().stream().mapToLong(x -> x).sum(), ledger.expectedLateClicks());
    assertThrows(
        IllegalStateException.class, () -> new TrafficLedger().expectedClicksPerMinuteAndLink());
    TrafficLedger countsOnly = new TrafficLedger();
    records.forEach(countsOnly::add);
    assertEquals(late, countsOnly.expectedLateClicksPerMinuteAndLink(), "late ones kept by all");

    // What the alert rules see: non-test clicks in time, by link and by visitor (ip, user agent).
    Set<String> links = new HashSet<>();
    Set<String> visitors = new HashSet<>();
    long counted = 0;
    for (GeneratedRecord r : records) {
      if (r.kind() == Kind.VALID && !json(r).get("is_test").asBoolean()) {
        counted++;
        if (!r.late()) {
          links.add(json(r).get("link_id").asText());
          visitors.add(json(r).get("ip").asText() + " " + json(r).get("user_agent").asText());
        }
      }
    }
    assertEquals(counted, ledger.expectedCountedClicks());
    assertEquals(links.size(), ledger.distinctLinks());
    assertEquals(visitors.size(), ledger.distinctVisitors());
    assertTrue(visitors.size() < counted, "some visitors return");
    assertThrows(IllegalStateException.class, () -> new TrafficLedger().distinctVisitors());
  }

  @Test
  void plantsTodaysRatesOfDuplicatesConflictsAndMalformedRecords() {
    List<GeneratedRecord> everyday =
        select(
            RealisticTraffic.generate(options().events(100_000).scenario("steady").build()),
            r -> r.incident() == null);
    assertEquals(100_000, everyday.size());
    assertEquals(0.05, share(everyday, r -> r.kind() == Kind.DUPLICATE), 0.005, "duplicates");
    assertEquals(0.01, share(everyday, r -> r.kind() == Kind.CONFLICT), 0.002, "conflicts");
    assertEquals(0.02, share(everyday, r -> r.kind() == Kind.MALFORMED), 0.003, "malformed");
    Set<String> reasons =
        everyday.stream()
            .map(GeneratedRecord::expectedReason)
            .filter(r -> r != null)
            .collect(Collectors.toSet());
    assertEquals(
        Set.of(
            "malformed_json",
            "missing_field",
            "wrong_type",
            "invalid_url",
            "time_out_of_range",
            "invalid_field",
            "oversized",
            "duplicate_conflict"),
        reasons);
  }

  /**
   * Produced now with event times ending now, as a backlog is: the pipeline's parser takes every
   * valid record and rejects every malformed one with the reason the record names.
   */
  @Test
  void everyRecordIsWhatItClaimsToThePipelinesParser() {
    long now = System.currentTimeMillis();
    List<GeneratedRecord> records =
        RealisticTraffic.generate(
            options()
                .end(now)
                .producerSkew(Duration.ofMinutes(4))
                .wallClock(System::currentTimeMillis)
                .build());
    ClickEventParser parser = new ClickEventParser(ValidationLimits.DEFAULTS);
    Map<String, Long> contentByValidId = new HashMap<>();
    for (GeneratedRecord r : records) {
      ParseResult parsed = parser.parse(r.value(), System.currentTimeMillis());
      if (r.kind() == Kind.MALFORMED) {
        assertFalse(parsed.isValid(), r.key() + " must be rejected");
        assertEquals(r.expectedReason(), parsed.rejection().reason().code(), r.key());
        continue;
      }
      assertTrue(parsed.isValid(), r.key() + ": " + parsed);
      ClickEvent event = parsed.event();
      assertEquals(r.key(), event.eventId);
      assertEquals(r.eventTime(), event.eventTime);
      assertEquals(r.linkId(), event.linkId);
      assertEquals(r.test(), event.isTest);
      Long first = contentByValidId.get(r.key());
      switch (r.kind()) {
        case VALID -> assertEquals(null, contentByValidId.put(r.key(), event.contentHash));
        case DUPLICATE -> assertEquals(first, event.contentHash, "same content, after it");
        case CONFLICT -> {
          assertTrue(first != null, "after the original");
          assertNotEquals(first, event.contentHash, "other content");
        }
        default -> throw new AssertionError(r.kind());
      }
    }
  }

  @Test
  void plantsEachIncidentAtItsTrafficLevelInsideItsWindow() {
    RealisticTraffic traffic = new RealisticTraffic(options().events(500_000).build());
    List<PlantedIncident> incidents = traffic.incidents();
    assertEquals(
        List.of("bot_burst", "bot_scan", "spike", "spike", "broken_redirect", "missing_utm"),
        incidents.stream().map(PlantedIncident::expectedRule).toList());
    assertEquals(
        incidents.size(), incidents.stream().map(PlantedIncident::linkId).distinct().count());
    Set<String> incidentLinks = new HashSet<>();
    incidents.forEach(i -> incidentLinks.add(i.linkId()));

    Map<String, List<GeneratedRecord>> planted = new HashMap<>();
    List<GeneratedRecord> everydayOnIncidentLinks = new ArrayList<>();
    traffic.forEachRemaining(
        r -> {
          if (r.incident() != null) {
            planted.computeIfAbsent(r.incident(), k -> new ArrayList<>()).add(r);
          } else if (r.kind() == Kind.VALID && incidentLinks.contains(r.linkId())) {
            everydayOnIncidentLinks.add(r);
          }
        });
    for (PlantedIncident incident : incidents) {
      assertTrue(incident.from() >= START + 15 * MINUTE, incident.name() + " after warm-up");
      assertTrue(incident.to() < END, incident.name() + " inside the span");
      for (GeneratedRecord r : planted.get(incident.name())) {
        assertEquals(Kind.VALID, r.kind());
        assertTrue(r.eventTime() >= incident.from() && r.eventTime() <= incident.to(), "window");
      }
    }

    // Client patterns, by the bot rules: 20 clicks within 10 s; 5 distinct links within 2 s.
    List<GeneratedRecord> burst = planted.get("bot burst");
    assertEquals(1, burst.stream().map(r -> client(json(r))).distinct().count());
    assertTrue(burst.size() >= 20 && span(burst) < 10 * SECOND);
    List<GeneratedRecord> sweep = planted.get("email-scanner sweep");
    assertEquals(1, sweep.stream().map(r -> client(json(r))).distinct().count());
    assertTrue(sweep.stream().map(GeneratedRecord::linkId).distinct().count() >= 5);
    assertTrue(span(sweep) < 2 * SECOND);

    // Spikes, by the spike rule (a minute >= 30 clicks, >= 2x and >= 5 spreads above the
    // baseline) on a hot link and on a tail link of one or two human clicks a minute.
    double hot =
        humanClicksPerMinuteBefore(
            incident(incidents, "spike (hot link)"), everydayOnIncidentLinks);
    double tail =
        humanClicksPerMinuteBefore(
            incident(incidents, "spike (tail link)"), everydayOnIncidentLinks);
    assertTrue(tail >= 0.5 && tail <= 3, "tail link baseline " + tail + " clicks/min");
    assertTrue(hot > 10 * tail, "hot link baseline " + hot + " vs tail " + tail);
    for (String spike : List.of("spike (hot link)", "spike (tail link)")) {
      double baseline = spike.contains("hot") ? hot : tail;
      Map<Long, Long> perMinute =
          planted.get(spike).stream()
              .collect(Collectors.groupingBy(r -> r.eventTime() / MINUTE, Collectors.counting()));
      assertEquals(3, perMinute.size(), spike + " lasts 3 minutes");
      for (long clicks : perMinute.values()) {
        double spread = Math.max(Math.sqrt(baseline), 1);
        assertTrue(clicks >= 30 && clicks >= 2 * baseline && clicks >= baseline + 5 * spread);
      }
    }

    // Every click on the broken link fails while it is broken: >= 5 errors and >= 20 % a minute.
    PlantedIncident broken = incident(incidents, "broken destination");
    List<GeneratedRecord> onBroken = new ArrayList<>(planted.get("broken destination"));
    onBroken.addAll(
        select(
            everydayOnIncidentLinks,
            r ->
                r.linkId().equals(broken.linkId())
                    && r.trueEventTime() >= broken.from()
                    && r.trueEventTime() <= broken.to()));
    assertTrue(onBroken.stream().allMatch(r -> json(r).get("redirect_status").asInt() == 502));
    assertTrue(onBroken.size() >= 5 * 4);

    List<GeneratedRecord> untagged = planted.get("missing UTM");
    assertTrue(untagged.size() >= 3, "the missing-UTM rule needs 3 clicks");
    for (GeneratedRecord r : untagged) {
      JsonNode event = json(r);
      assertTrue(event.has("campaign_id") && !event.has("utm_source") && !event.has("utm_medium"));
    }
  }

  @Test
  void aSmallLinkSpaceStillPlantsEveryIncidentOnLinksOfItsOwn() {
    for (long seed = 0; seed < 50; seed++) {
      List<PlantedIncident> incidents =
          new RealisticTraffic(
                  options()
                      .seed(seed)
                      .links(100)
                      .events(7_000)
                      .span(Duration.ofMinutes(75))
                      .build())
              .incidents();
      assertEquals(6, incidents.size());
      assertEquals(6, incidents.stream().map(PlantedIncident::linkId).distinct().count());
      assertTrue(incidents.get(1).description().contains("all 8 links"), "the sweep's 8 links");
    }
  }

  @Test
  void linksAreStableForASeedAndNamedFromTheirRank() {
    LinkSpace links = new LinkSpace(7, 100_000);
    Set<String> ids = new HashSet<>();
    for (int rank = 1; rank <= 100_000; rank++) {
      LinkSpace.Link link = links.link(rank);
      assertTrue(link.id().matches("lnk-[0-9A-Za-z]{7}"), link.id());
      assertEquals("https://cpl.sh/" + link.id().substring(4), link.shortUrl());
      ids.add(link.id());
    }
    assertEquals(100_000, ids.size(), "distinct");
    assertEquals(links.link(4321), new LinkSpace(7, 100_000).link(4321), "same seed, same link");
    assertNotEquals(links.link(4321).id(), new LinkSpace(8, 100_000).link(4321).id());
    long direct = ids.size() - links.hottest(l -> l.campaign() != null, 100_000).size();
    assertEquals(0.25, direct / 100_000.0, 0.01, "a quarter are untagged direct links");
    // The hottest link is the same whatever the volume.
    assertEquals(
        new RealisticTraffic(options().events(2_000).build()).incidents().get(2).linkId(),
        new RealisticTraffic(options().events(2_000_000).build()).incidents().get(2).linkId());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "links        | --links must be in [100, 10000000]",
        "events       | --events must be in [100, 1e9]",
        "skew         | --producer-skew must be in [0, 5 min)",
        "skew-alone   | --producer-skew needs --producers of at least 2",
        "scenario     | --scenario must be one of [demo, steady], was 'chaos'",
        "short-demo   | --scenario demo needs at least 60 minutes of event time",
        "late         | --late-share must be in [0, 0.1]",
      })
  void refusesBadOptionsNamingTheOption(String what, String message) {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> {
              var o = options();
              switch (what) {
                case "links" -> o.links(10);
                case "events" -> o.events(10);
                case "skew" -> o.producerSkew(Duration.ofMinutes(6));
                case "skew-alone" -> o.producers(1).producerSkew(Duration.ofMinutes(1));
                case "scenario" -> o.scenario("chaos");
                case "short-demo" -> o.span(Duration.ofMinutes(30));
                case "late" -> o.lateShare(0.5);
                default -> throw new AssertionError(what);
              }
              o.build();
            });
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }

  private static double humanClicksPerMinuteBefore(
      PlantedIncident spike, List<GeneratedRecord> everyday) {
    long humans =
        everyday.stream()
            .filter(r -> r.linkId().equals(spike.linkId()))
            .filter(r -> r.eventTime() >= spike.from() - HOUR && r.eventTime() < spike.from())
            .filter(r -> !Catalog.BOT_AGENTS.contains(json(r).get("user_agent").asText()))
            .filter(r -> !r.test())
            .count();
    return humans / 60.0;
  }

  private static PlantedIncident incident(List<PlantedIncident> incidents, String name) {
    return incidents.stream().filter(i -> i.name().equals(name)).findFirst().orElseThrow();
  }

  private static long span(List<GeneratedRecord> records) {
    long first = records.stream().mapToLong(GeneratedRecord::eventTime).min().orElseThrow();
    return records.stream().mapToLong(GeneratedRecord::eventTime).max().orElseThrow() - first;
  }

  private static String client(JsonNode event) {
    return event.get("ip").asText() + " " + event.get("user_agent").asText();
  }

  private static boolean everydayClick(GeneratedRecord r) {
    return r.kind() == Kind.VALID && r.incident() == null;
  }

  /** The event_time a malformed record carries where it can be read, else null. */
  private static Long readableTime(GeneratedRecord r) {
    Matcher m = EVENT_TIME.matcher(new String(r.value(), StandardCharsets.UTF_8));
    return m.find() ? Long.parseLong(m.group(1)) : null;
  }

  /** P(rank) of Zipf over {@code n} ranks, indexed from 1. */
  private static double[] zipf(int n, double exponent) {
    double[] p = new double[n + 1];
    double sum = 0;
    for (int rank = 1; rank <= n; rank++) {
      sum += p[rank] = Math.pow(rank, -exponent);
    }
    for (int rank = 1; rank <= n; rank++) {
      p[rank] /= sum;
    }
    return p;
  }

  private static <T> List<T> select(java.util.Collection<T> items, Predicate<T> filter) {
    return items.stream().filter(filter).toList();
  }

  private static double share(List<GeneratedRecord> records, Predicate<GeneratedRecord> filter) {
    return select(records, filter).size() / (double) records.size();
  }

  private static JsonNode json(GeneratedRecord r) {
    try {
      return JSON.readTree(r.value());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
