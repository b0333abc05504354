package io.clickpulse.stack.traffic;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the pipeline must make of the planted conversions, from the conversions alone (see {@link
 * DemoConversions}): last-click conversions per link and type, revenue per currency, those kept
 * unattributed (model {@code none}), rejects per reason, the late one and the one known by contact
 * alone.
 */
public final class ConversionLedger {
  private final Map<String, Map<String, Long>> byLinkAndType = new TreeMap<>();
  private final Map<String, Long> byType = new TreeMap<>();
  private final Map<String, BigDecimal> revenue = new TreeMap<>();
  private final Map<String, Long> rejects = new TreeMap<>();
  private long sent;
  private long unattributed;
  private ConversionRecord late;
  private ConversionRecord byContact;

  /** The ledger of {@code conversions}. */
  public static ConversionLedger of(Iterable<ConversionRecord> conversions) {
    ConversionLedger ledger = new ConversionLedger();
    conversions.forEach(ledger::add);
    return ledger;
  }

  /** Enters one conversion as it is sent (one thread). */
  public void add(ConversionRecord c) {
    sent++;
    if (c.expectedReason() != null) {
      rejects.merge(c.expectedReason(), 1L, Long::sum);
      return;
    }
    byType.merge(c.type(), 1L, Long::sum);
    if (c.late()) {
      late = c;
    }
    if (c.creditedByContact()) {
      byContact = c;
    }
    if ("none".equals(c.expectedModel())) {
      unattributed++;
    } else {
      byLinkAndType
          .computeIfAbsent(c.linkId(), k -> new TreeMap<>())
          .merge(c.type(), 1L, Long::sum);
    }
    if (c.amount() != null) {
      revenue.merge(c.currency(), new BigDecimal(c.amount()), BigDecimal::add);
    }
  }

  /** Records sent, the malformed one included. */
  public long sent() {
    return sent;
  }

  /** Valid conversions: rows of {@code conversions} with slot 0. */
  public long valid() {
    return sent - rejects.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Valid conversions per type. */
  public Map<String, Long> byType() {
    return new TreeMap<>(byType);
  }

  /** Last-click conversions per link id and type. */
  public Map<String, Map<String, Long>> attributedByLinkAndType() {
    Map<String, Map<String, Long>> copy = new TreeMap<>();
    byLinkAndType.forEach((link, types) -> copy.put(link, new TreeMap<>(types)));
    return copy;
  }

  /** Last-click conversions in all. */
  public long attributed() {
    return valid() - unattributed;
  }

  /** Conversions known by a contact no click names: model {@code none}. */
  public long unattributed() {
    return unattributed;
  }

  /** Sum of the amounts per currency (every amount is on a last-click conversion). */
  public Map<String, BigDecimal> revenueByCurrency() {
    return new TreeMap<>(revenue);
  }

  /** Dead letters per reason. */
  public Map<String, Long> rejectsByReason() {
    return new TreeMap<>(rejects);
  }

  /** The conversion that arrives hours after its click, or null. */
  public ConversionRecord late() {
    return late;
  }

  /** The planted contact's lead, known by its contact alone and credited to its last click. */
  public ConversionRecord byContact() {
    return byContact;
  }

  @Override
  public String toString() {
    return "conversions "
        + sent
        + " (last click "
        + attributed()
        + ", unattributed "
        + unattributed
        + ", rejected "
        + rejects
        + ") by type "
        + byType
        + ", revenue "
        + revenue;
  }
}
