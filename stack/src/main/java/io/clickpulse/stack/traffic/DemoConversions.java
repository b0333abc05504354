package io.clickpulse.stack.traffic;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * The conversions scenario {@code demo} plants, consistent with its clicks (docs/traffic.md,
 * "Conversions and a qualified contact"): {@value #SHARE_PERCENT} % of the everyday human clicks
 * convert, minutes later: leads, sign-ups and some sales with amounts in EUR, USD or GBP. Most name
 * their click ({@code click_id}, with the visitor's address and browser or without), some only a
 * CRM contact no click names (kept unattributed). The planted qualified contact's lead names only
 * the contact ({@link #plantFor}). One sale arrives hours of event time after its click (behind the
 * watermark), and one malformed record (a sale without amount) must be dead-lettered.
 *
 * <p>Whether a click converts, and how, is a function of the seed and the click alone: the clicks
 * are exactly those of the model without conversions, and the same seed plants the same
 * conversions. A click qualifies when the pipeline must credit it: valid, human, not test traffic,
 * not late, answered 302, an everyday click (no incident), and not from the producer whose clock
 * may be ahead (its event_time is not the true time).
 *
 * <p>Filled by {@link RealisticTraffic} as it emits clicks; take the conversions in arrival order
 * with {@link #due(long)}, and the rest with {@link #remaining()} at the end.
 */
public final class DemoConversions {
  static final int SHARE_PERCENT = 3;
  private static final double SHARE = SHARE_PERCENT / 100.0;
  private static final long MINUTE = 60_000;
  private static final List<String> CURRENCIES = List.of("EUR", "EUR", "USD", "GBP");
  private static final JsonFactory JSON = new JsonFactory();

  /** The late one arrives this long after its conversion, or 40 % of a shorter span. */
  static final long LATE_DELAY = 3 * 60 * MINUTE;

  private final RealisticTraffic.Options options;
  private final boolean on;
  private final long lateDelay;
  private final PriorityQueue<ConversionRecord> pending =
      new PriorityQueue<>(
          Comparator.comparingLong(ConversionRecord::arrivalTime)
              .thenComparing(ConversionRecord::key));
  private boolean latePlanted;
  private boolean malformedPlanted;
  private long planted;

  DemoConversions(RealisticTraffic.Options options) {
    this.options = options;
    this.on = options.scenario().equals("demo");
    this.lateDelay = Math.max(15 * MINUTE, Math.min(LATE_DELAY, options.span().toMillis() * 2 / 5));
  }

  /** Offered each valid click as the model emits it. */
  void offer(SimulatedClick click) {
    if (!on || !qualifies(click)) {
      return;
    }
    SplittableRandom r = new SplittableRandom(options.seed() * 0x9E3779B97F4A7C15L + click.order());
    long end = options.end();
    if (!malformedPlanted && click.trueTime() >= options.start() + options.span().toMillis() / 2) {
      long at = click.trueTime() + 2 * MINUTE;
      if (at + MINUTE <= end) {
        malformedPlanted = true;
        String id = "cnv-" + options.seed() + "-bad";
        pending.add(
            new ConversionRecord(
                id,
                json(id, "sale", at, click, true, null, null, null),
                "sale",
                at,
                at + 3_000,
                click.eventId(),
                click.link().id(),
                null,
                null,
                null,
                "invalid_amount",
                false,
                null));
      }
    }
    if (r.nextDouble() >= SHARE) {
      return;
    }
    long at = click.trueTime() + r.nextLong(MINUTE, 15 * MINUTE);
    long arrival = at + r.nextLong(500, 5_000);
    boolean late = !latePlanted && at + lateDelay + MINUTE <= end;
    if (late) {
      arrival = at + lateDelay;
      latePlanted = true;
    }
    if (arrival + MINUTE > end) {
      return;
    }
    double kind = r.nextDouble();
    String type = late || kind < 0.2 ? "sale" : kind < 0.6 ? "signup" : "lead";
    String amount = null;
    String currency = null;
    if (type.equals("sale")) {
      amount = BigDecimal.valueOf(r.nextLong(1_900, 50_000), 2).toPlainString();
      currency = CURRENCIES.get(r.nextInt(CURRENCIES.size()));
    }
    double identity = r.nextDouble();
    // Sales always name their click: revenue is credited to links.
    boolean contactOnly = !late && !type.equals("sale") && identity < 0.15;
    boolean withVisitor = late || identity >= 0.4;
    String id = "cnv-" + options.seed() + "-" + ++planted;
    String contact = contactOnly ? "hs-contact-" + (20_000 + planted) : null;
    pending.add(
        new ConversionRecord(
            id,
            json(id, type, at, contactOnly ? null : click, withVisitor, contact, amount, currency),
            type,
            at,
            arrival,
            contactOnly ? null : click.eventId(),
            click.link().id(),
            amount,
            currency,
            contactOnly ? "none" : "last_click",
            null,
            late,
            contact));
  }

  /**
   * A lead the CRM reports for the planted qualified contact by its contact id alone, minutes after
   * the contact's last click: the pipeline must credit that click (the contact's links carry the
   * contact from the link catalog), whichever device made it.
   */
  void plantFor(PlantedContact contact) {
    if (!on) {
      return;
    }
    int last = contact.clicks() - 1;
    long at = contact.clickTimes().get(last) + 10 * MINUTE;
    long arrival = at + 2_000;
    if (arrival + MINUTE > options.end()) {
      return;
    }
    String id = "cnv-" + options.seed() + "-contact";
    pending.add(
        new ConversionRecord(
            id,
            json(id, "lead", at, null, false, contact.contactId(), null, null),
            "lead",
            at,
            arrival,
            contact.clickIds().get(last),
            contact.linkIds().get(last),
            null,
            null,
            "last_click",
            null,
            false,
            contact.contactId()));
  }

  private boolean qualifies(SimulatedClick click) {
    return click.slot() == SimulatedClick.Slot.VALID
        && !click.visitor().bot()
        && !click.test()
        && !click.late()
        && click.incident() == null
        && click.redirectStatus() == 302
        && click.producer() != 0
        && click.link().rank() <= options.links();
  }

  /** Whether a conversion arrives at or before {@code arrivalTime} (event time). */
  public boolean hasDue(long arrivalTime) {
    return !pending.isEmpty() && pending.peek().arrivalTime() <= arrivalTime;
  }

  /** The next conversion in arrival order; check {@link #hasDue} or {@link #hasRemaining} first. */
  public ConversionRecord next() {
    if (pending.isEmpty()) {
      throw new NoSuchElementException();
    }
    return pending.poll();
  }

  /** Whether conversions wait (at the end of the clicks: the late one, the last minutes'). */
  public boolean hasRemaining() {
    return !pending.isEmpty();
  }

  /** Arrival time of the next conversion; check {@link #hasRemaining} first. */
  public long nextArrivalTime() {
    return pending.peek().arrivalTime();
  }

  private static byte[] json(
      String id,
      String type,
      long at,
      SimulatedClick click,
      boolean withVisitor,
      String contactId,
      String amount,
      String currency) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (JsonGenerator g = JSON.createGenerator(bytes)) {
      g.writeStartObject();
      g.writeStringField("conversion_id", id);
      g.writeStringField("type", type);
      g.writeNumberField("event_time", at);
      if (click != null) {
        g.writeStringField("click_id", click.eventId());
        if (withVisitor) {
          g.writeStringField("visitor_ip", click.visitor().ip());
          g.writeStringField("visitor_user_agent", click.visitor().userAgent());
        }
      }
      if (contactId != null) {
        g.writeStringField("contact_id", contactId);
      }
      if (amount != null) {
        g.writeStringField("amount", amount);
        g.writeStringField("currency", currency);
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
