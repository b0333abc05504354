package io.clickpulse.udf.crm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.udf.crm.CrmRule.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SignalWindowsTest {
  static final long T0 = 1_795_000_000_000L;
  static final long HOUR = 3_600_000L;
  static final long DAY = 24 * HOUR;

  static final CrmRule PRICING =
      new CrmRule("pricing", Kind.TAGGED_CLICKS, "pricing", "", "", 2, Duration.ofDays(7), "");
  static final CrmRule FIRST =
      new CrmRule("first", Kind.FIRST_CLICK, "", "", "", 1, Duration.ofDays(30), "");
  static final CrmRule PARTNER =
      new CrmRule("acme", Kind.PARTNER_VOLUME, "", "acme", "", 3, Duration.ofHours(1), "");
  static final CrmRules RULES = CrmRules.of(List.of(PRICING, FIRST, PARTNER));

  /**
   * A click: "{hours after T0}:{tags, '+'-separated or -}:{campaign or -}", contact c-1, owner
   * acme; its id is its position.
   */
  static List<CrmClick> clicks(String spec) {
    List<CrmClick> out = new ArrayList<>();
    for (String one : spec.split(" ")) {
      String[] f = one.split(":");
      CrmClick c = new CrmClick();
      c.eventId = "e" + out.size();
      c.eventTime = T0 + (long) (Double.parseDouble(f[0]) * HOUR);
      c.linkId = "lnk-" + out.size() % 2;
      c.linkTags =
          f[1].equals("-") ? new ArrayList<>() : new ArrayList<>(Arrays.asList(f[1].split("\\+")));
      c.campaignId = f[2].equals("-") ? "" : f[2];
      c.campaignName = c.campaignId.toUpperCase();
      c.linkOwner = "acme";
      c.contactId = "c-1";
      out.add(c);
    }
    return out;
  }

  /** Each signal as "rule@trigger click id x count". */
  static List<String> signals(CrmRule rule, String spec) {
    SignalWindows w = new SignalWindows();
    List<String> out = new ArrayList<>();
    for (CrmClick c : clicks(spec)) {
      if (!rule.perContact()) {
        c = c.forPartnerRule(rule.name());
      }
      for (CrmSignal s : w.offer(c, RULES.all())) {
        out.add(s.rule + "@" + s.triggerClickId + "x" + s.clickCount);
      }
    }
    return out;
  }

  @ParameterizedTest(name = "{0}: {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          pricing|0:pricing:- 24:pricing:-|pricing@e1x2
          pricing|0:pricing:- 167:pricing:-|pricing@e1x2
          pricing|0:pricing:- 168:pricing:-|
          pricing|0:pricing:- 24:docs:- 48:pricing+docs:-|pricing@e2x2
          pricing|0:pricing:- 1:pricing:- 2:pricing:- 3:pricing:-|pricing@e1x2
          pricing|0:pricing:- 1:pricing:- 169:pricing:- 170:pricing:-|pricing@e1x2 pricing@e3x2
          pricing|0:pricing:- 1:pricing:- 100:pricing:- 170:pricing:-|pricing@e1x2
          first|0:-:cmp-a 1:-:cmp-a 2:-:cmp-b 3:-:-|first@e0x1 first@e2x1
          first|0:-:cmp-a 719:-:cmp-a 1438:-:cmp-a|first@e0x1
          first|0:-:cmp-a 720:-:cmp-a|first@e0x1 first@e1x1
          acme|0:-:- 0.5:-:- 0.9:-:-|acme@e2x3
          acme|0:-:- 0.5:-:- 1:-:- 1.2:-:-|acme@e3x3
          acme|0:-:- 0.5:-:- 0.9:-:- 1:-:- 1.1:-:- 1.2:-:-|acme@e2x3
          """)
  void firesOncePerSubjectRuleAndWindow(String rule, String clicks, String expected) {
    assertEquals(
        expected == null ? List.of() : List.of(expected.split(" ")),
        signals(RULES.rule(rule), clicks));
  }

  @Test
  void aSignalCarriesTheCountedClicksAndNoPersonalData() {
    SignalWindows w = new SignalWindows();
    List<CrmClick> in = clicks("0:pricing:cmp-a 30:pricing:cmp-b");
    w.offer(in.get(0), RULES.contactRules());
    CrmSignal s = w.offer(in.get(1), RULES.contactRules()).get(0);
    assertEquals("pricing", s.rule);
    assertEquals("tagged-clicks", s.kind);
    assertEquals("contact", s.subjectType);
    assertEquals("c-1", s.subjectId);
    assertEquals("c-1", s.contactId);
    assertEquals("cmp-b", s.campaignId);
    assertEquals("CMP-B", s.campaignName);
    assertEquals(List.of("lnk-0", "lnk-1"), s.linkIds);
    assertEquals(2, s.clickCount);
    assertEquals(7 * 24 * 3600, s.windowSeconds);
    assertEquals(T0, s.firstClickTime);
    assertEquals(T0 + 30 * HOUR, s.lastClickTime);
    assertEquals("e1", s.triggerClickId);
    assertEquals(32, s.signalId.length());
  }

  @Test
  void theIdDependsOnRuleSubjectAndClicksOnly() {
    String once = ids("0:pricing:- 24:pricing:-", "c-1");
    assertEquals(once, ids("0:pricing:- 24:pricing:-", "c-1"), "a replay names it alike");
    // The clicks' ids decide, not their times: a replay re-reads the same clicks.
    assertEquals(once, ids("0:pricing:- 25:pricing:-", "c-1"));
    assertNotEquals(once, ids("0:pricing:- 24:pricing:-", "c-2"), "another contact");
    // Same clicks, other ids: another signal.
    assertEquals(CrmSignal.id("pricing", "contact", "c-1", List.of("e0", "e1")), once);
    assertNotEquals(once, CrmSignal.id("pricing", "contact", "c-1", List.of("e0", "e2")));
  }

  private static String ids(String spec, String contact) {
    SignalWindows w = new SignalWindows();
    List<String> ids = new ArrayList<>();
    for (CrmClick c : clicks(spec)) {
      c.contactId = contact;
      w.offer(c, RULES.contactRules()).forEach(s -> ids.add(s.signalId));
    }
    return String.join(",", ids);
  }

  @Test
  void expiryEmptiesTheStateOnceEveryWindowHasPassed() {
    SignalWindows w = new SignalWindows();
    List<CrmClick> in = clicks("0:pricing:cmp-a 24:pricing:cmp-a 48:pricing:cmp-b");
    in.forEach(c -> w.offer(c, RULES.contactRules()));
    // pricing fired at 24 h (quiet until 24 h + 7 d); the 48 h click was not counted. first-click
    // remembers cmp-a (last 24 h) and cmp-b (48 h) for 30 days.
    assertEquals(T0 + 24 * HOUR + 7 * DAY, w.nextExpiry(RULES));
    w.expire(T0 + 24 * HOUR + 7 * DAY, RULES);
    assertTrue(w.runs.isEmpty());
    assertEquals(T0 + 24 * HOUR + 30 * DAY, w.nextExpiry(RULES));
    w.expire(T0 + 48 * HOUR + 30 * DAY, RULES);
    assertTrue(w.isEmpty());
    assertEquals(Long.MAX_VALUE, w.nextExpiry(RULES));
  }

  @Test
  void aLoneClickExpiresWithItsWindow() {
    SignalWindows w = new SignalWindows();
    w.offer(clicks("0:pricing:-").get(0), RULES.contactRules());
    assertEquals(T0 + 7 * DAY, w.nextExpiry(RULES));
    w.expire(T0 + 7 * DAY - 1, RULES);
    assertEquals(1, w.runs.get("pricing").clicks.size());
    w.expire(T0 + 7 * DAY, RULES);
    assertTrue(w.isEmpty());
  }

  @Test
  void stateOfARuleRemovedFromTheFileGoes() {
    SignalWindows w = new SignalWindows();
    w.offer(clicks("0:pricing:cmp-a").get(0), RULES.contactRules());
    CrmRules without = CrmRules.of(List.of(PARTNER));
    assertEquals(Long.MIN_VALUE, w.nextExpiry(without));
    w.expire(T0, without);
    assertTrue(w.isEmpty());
  }
}
