package io.clickpulse.jobs.conversion;

import static io.clickpulse.jobs.conversion.ConversionsForTest.DAY;
import static io.clickpulse.jobs.conversion.ConversionsForTest.MINUTE;
import static io.clickpulse.jobs.conversion.ConversionsForTest.SETTINGS;
import static io.clickpulse.jobs.conversion.ConversionsForTest.T0;
import static io.clickpulse.jobs.conversion.ConversionsForTest.bot;
import static io.clickpulse.jobs.conversion.ConversionsForTest.click;
import static io.clickpulse.jobs.conversion.ConversionsForTest.sale;
import static io.clickpulse.jobs.conversion.ConversionsForTest.test;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clickpulse.udf.conversion.AttributionClick;
import io.clickpulse.udf.conversion.ConversionEvent;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AttributeConversionsTest {
  static final long ANNA = 1001L;
  static final long BRAM = 1002L;

  private KeyedTwoInputStreamOperatorTestHarness<
          Long, AttributionClick, ConversionEvent, AttributedConversion>
      harness;

  @BeforeEach
  void open() throws Exception {
    harness = newHarness();
    harness.open();
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  private static KeyedTwoInputStreamOperatorTestHarness<
          Long, AttributionClick, ConversionEvent, AttributedConversion>
      newHarness() throws Exception {
    return byVisitor(new AttributeConversions<>(SETTINGS));
  }

  private static KeyedTwoInputStreamOperatorTestHarness<
          Long, AttributionClick, ConversionEvent, AttributedConversion>
      byVisitor(AttributeConversions<Long> function) throws Exception {
    return new KeyedTwoInputStreamOperatorTestHarness<>(
        new KeyedCoProcessOperator<>(function), c -> c.visitorId, c -> c.visitorId, Types.LONG);
  }

  private void send(AttributionClick c) throws Exception {
    harness.processElement1(new StreamRecord<>(c, c.eventTime));
  }

  private void convert(ConversionEvent e) throws Exception {
    harness.processElement2(new StreamRecord<>(e, e.eventTime));
  }

  /** Both inputs at {@code time}: the operator's event time is their minimum. */
  private void watermark(long time) throws Exception {
    harness.processWatermark1(new Watermark(time));
    harness.processWatermark2(new Watermark(time));
  }

  private List<String> rows() {
    List<String> rows =
        harness.extractOutputValues().stream().map(ConversionsForTest::row).toList();
    harness.getOutput().clear();
    return rows;
  }

  @Test
  void aConversionDaysAfterTheClickIsAttributedFromState() throws Exception {
    send(click("c-nl", ANNA, T0, "lnk_nl"));
    send(click("c-ig", ANNA, T0 + 2 * DAY, "lnk_ig"));
    watermark(T0 + 6 * DAY);
    assertEquals(List.of(), rows());
    // The sale happened on day 4 and is reported on day 6: behind the watermark, attributed at
    // once.
    convert(sale("ord-1", ANNA, T0 + 4 * DAY, "129.95"));
    assertEquals(List.of("ord-1 0 last_click c-ig 1.0", "ord-1 1 assisted c-nl 1.0"), rows());
  }

  @Test
  void aConversionReportedDaysLateStillSeesItsWholeWindow() throws Exception {
    send(click("c-old", ANNA, T0, "lnk_nl"));
    // 29 days later the sale; it is sent 5 days after that (within max-delay 7 days).
    watermark(T0 + 34 * DAY);
    convert(sale("ord-2", ANNA, T0 + 29 * DAY, "10"));
    assertEquals(List.of("ord-2 0 last_click c-old 1.0"), rows());
  }

  @Test
  void aConversionBeforeItsClickWaitsForTheWatermarkThenAttributes() throws Exception {
    watermark(T0);
    convert(sale("ord-3", ANNA, T0 + 10 * MINUTE, "49"));
    // Its click, five minutes before it, comes after it (the click path is behind).
    send(click("c-late", ANNA, T0 + 5 * MINUTE, "lnk_ig"));
    watermark(T0 + 10 * MINUTE);
    assertEquals(List.of(), rows(), "waits the grace");
    watermark(T0 + 11 * MINUTE);
    assertEquals(List.of("ord-3 0 last_click c-late 1.0"), rows());
  }

  @Test
  void botsAndTestTrafficNeverEarnCredit() throws Exception {
    send(click("c-human", ANNA, T0, "lnk_nl"));
    send(bot("c-crawler", ANNA, T0 + MINUTE, "lnk_ig"));
    send(test("c-qa", ANNA, T0 + 2 * MINUTE, "lnk_ig"));
    send(bot("c-bot-only", BRAM, T0, "lnk_ig"));
    convert(sale("ord-4", ANNA, T0 + 3 * MINUTE, "20"));
    convert(sale("ord-5", BRAM, T0 + 3 * MINUTE, "30"));
    watermark(T0 + 10 * MINUTE);
    assertEquals(List.of("ord-4 0 last_click c-human 1.0", "ord-5 0 none - 0.0"), rows());
  }

  @Test
  void aVisitorWithOnlyBotClicksCostsNoState() throws Exception {
    send(bot("c-crawler", BRAM, T0, "lnk_ig"));
    send(test("c-qa", BRAM, T0 + MINUTE, "lnk_ig"));
    assertEquals(0, harness.numKeyedStateEntries());
    assertEquals(0, harness.numEventTimeTimers());
  }

  @Test
  void aClickAfterTheConversionDoesNotCount() throws Exception {
    send(click("c-before", ANNA, T0, "lnk_nl"));
    send(click("c-after", ANNA, T0 + 20 * MINUTE, "lnk_ig"));
    convert(sale("ord-6", ANNA, T0 + 10 * MINUTE, "20"));
    watermark(T0 + DAY);
    assertEquals(List.of("ord-6 0 last_click c-before 1.0"), rows());
  }

  @Test
  void aReplayedConversionGetsTheSameRowsAlsoAfterARestore() throws Exception {
    send(click("c-1", ANNA, T0, "lnk_nl"));
    send(click("c-2", ANNA, T0 + DAY, "lnk_ig"));
    send(click("c-3", ANNA, T0 + 2 * DAY, "lnk_ig"));
    convert(sale("ord-7", ANNA, T0 + 3 * DAY, "99.99"));
    watermark(T0 + 3 * DAY + MINUTE);
    List<String> first = rows();
    assertEquals(
        List.of(
            "ord-7 0 last_click c-3 1.0", "ord-7 1 assisted c-2 0.5", "ord-7 2 assisted c-1 0.5"),
        first);
    // Redelivered: the same slots with the same clicks, so the table replaces them.
    convert(sale("ord-7", ANNA, T0 + 3 * DAY, "99.99"));
    assertEquals(first, rows());

    OperatorSubtaskState snapshot = harness.snapshot(1, 0);
    harness.close();
    harness = newHarness();
    harness.initializeState(snapshot);
    harness.open();
    // A replay from the topic's start after a restore: the clicks come again, then the sale.
    send(click("c-1", ANNA, T0, "lnk_nl"));
    send(click("c-2", ANNA, T0 + DAY, "lnk_ig"));
    send(click("c-3", ANNA, T0 + 2 * DAY, "lnk_ig"));
    convert(sale("ord-7", ANNA, T0 + 3 * DAY, "99.99"));
    watermark(T0 + 4 * DAY);
    assertEquals(first, rows());
  }

  @Test
  void aVisitorKeepsOnlyTheNewestClicks() throws Exception {
    for (int i = 0; i < 8; i++) {
      send(click("c-" + i, ANNA, T0 + i * MINUTE, "lnk_" + i));
    }
    // max-clicks-per-visitor 5: c-3..c-7 kept. A named old click is gone, so the newest wins.
    ConversionEvent named = sale("ord-8", ANNA, T0 + DAY, "5");
    named.clickId = "c-1";
    convert(named);
    watermark(T0 + 2 * DAY);
    assertEquals(
        List.of(
            "ord-8 0 last_click c-7 1.0", "ord-8 1 assisted c-6 0.5", "ord-8 2 assisted c-5 0.5"),
        rows());
  }

  @Test
  void nothingIsLeftOnceTheClicksHaveExpired() throws Exception {
    send(click("c-1", ANNA, T0, "lnk_nl"));
    send(click("c-2", ANNA, T0 + 3 * DAY, "lnk_ig"));
    send(click("c-b", BRAM, T0 + DAY, "lnk_ig"));
    convert(sale("ord-9", ANNA, T0 + 4 * DAY, "12"));
    convert(sale("ord-10", BRAM, T0 + 40 * DAY, "12"));
    watermark(T0 + 5 * DAY);
    assertEquals(List.of("ord-9 0 last_click c-2 1.0", "ord-9 1 assisted c-1 1.0"), rows());
    // Retention is window + max-delay = 37 days after each click.
    watermark(T0 + 37 * DAY);
    assertEquals(List.of(), rows());
    watermark(T0 + 37 * DAY + 1);
    // c-1 has gone, c-2 is kept: a sale of day 30 reported now (c-1 exactly 30 days before it)
    // is credited to c-2 alone.
    convert(sale("ord-11", ANNA, T0 + 30 * DAY, "12"));
    assertEquals(List.of("ord-11 0 last_click c-2 1.0"), rows());
    watermark(T0 + 41 * DAY);
    // ord-10 on day 40: c-b (day 1) was 39 days before, outside the window.
    assertEquals(List.of("ord-10 0 none - 0.0"), rows());
    assertEquals(0, harness.numKeyedStateEntries(), "no clicks, no waiting conversions");
    assertEquals(0, harness.numEventTimeTimers(), "no timers");
    // A click already older than any conversion still to come is not stored at all.
    send(click("c-ancient", ANNA, T0, "lnk_nl"));
    assertEquals(0, harness.numKeyedStateEntries());
    assertEquals(0, harness.numEventTimeTimers());
  }

  /** A visitor with no qualifying click who names a contact goes on to the contact's clicks. */
  @Test
  void aVisitorWithoutClicksNamingAContactGoesOnToTheContact() throws Exception {
    KeyedTwoInputStreamOperatorTestHarness<
            Long, AttributionClick, ConversionEvent, AttributedConversion>
        byVisitor = byVisitor(new AttributeConversions<>(SETTINGS, RouteConversions.BY_CONTACT));
    byVisitor.open();
    ConversionEvent known = sale("ord-c", BRAM, T0 + DAY, "5");
    known.contactId = "hs-contact-7";
    ConversionEvent anonymous = sale("ord-a", ANNA, T0 + DAY, "5");
    byVisitor.processElement2(new StreamRecord<>(known, known.eventTime));
    byVisitor.processElement2(new StreamRecord<>(anonymous, anonymous.eventTime));
    byVisitor.processWatermark1(new Watermark(T0 + 2 * DAY));
    byVisitor.processWatermark2(new Watermark(T0 + 2 * DAY));
    assertEquals(
        List.of("ord-a 0 none - 0.0"),
        byVisitor.extractOutputValues().stream().map(ConversionsForTest::row).toList());
    assertEquals(
        List.of("ord-c"),
        byVisitor.getSideOutput(RouteConversions.BY_CONTACT).stream()
            .map(r -> r.getValue().conversionId)
            .toList());
    byVisitor.close();
  }

  /**
   * Keyed by contact (conversions known by contact only): the contact's clicks from two devices
   * (two visitor hashes) meet under the contact, and its last one takes the credit.
   */
  @Test
  void byContactTheContactsClicksFromEveryDeviceMeet() throws Exception {
    KeyedTwoInputStreamOperatorTestHarness<
            String, AttributionClick, ConversionEvent, AttributedConversion>
        byContact =
            new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(new AttributeConversions<String>(SETTINGS)),
                c -> c.contactId,
                c -> c.contactId,
                Types.STRING);
    byContact.open();
    AttributionClick phone = click("c-phone", ANNA, T0, "lnk_nl");
    phone.contactId = "hs-contact-7";
    AttributionClick laptop = click("c-laptop", BRAM, T0 + DAY, "lnk_ig");
    laptop.contactId = "hs-contact-7";
    ConversionEvent lead = sale("lead-1", null, T0 + 2 * DAY, "0");
    lead.contactId = "hs-contact-7";
    byContact.processElement1(new StreamRecord<>(phone, phone.eventTime));
    byContact.processElement1(new StreamRecord<>(laptop, laptop.eventTime));
    byContact.processElement2(new StreamRecord<>(lead, lead.eventTime));
    byContact.processWatermark1(new Watermark(T0 + 3 * DAY));
    byContact.processWatermark2(new Watermark(T0 + 3 * DAY));
    assertEquals(
        List.of("lead-1 0 last_click c-laptop 1.0", "lead-1 1 assisted c-phone 1.0"),
        byContact.extractOutputValues().stream().map(ConversionsForTest::row).toList());
    byContact.processWatermark1(new Watermark(T0 + 60 * DAY));
    byContact.processWatermark2(new Watermark(T0 + 60 * DAY));
    assertEquals(0, byContact.numKeyedStateEntries(), "the contact's clicks expire");
    assertEquals(0, byContact.numEventTimeTimers());
    byContact.close();
  }
}
