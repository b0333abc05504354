package io.clickpulse.stack.traffic;

/**
 * One conversion the demo plants (see {@link DemoConversions}), keyed by its conversion id as
 * docs/conversions.md asks, and what the pipeline must make of it.
 *
 * @param type {@code lead}, {@code signup} or {@code sale}
 * @param eventTime its event_time (epoch ms): after its click
 * @param arrivalTime when it reaches Kafka, in event time: seconds after {@code eventTime}, or for
 *     the late one hours
 * @param clickId the click it must be credited to: the one it names ({@code click_id}), or for the
 *     planted contact's lead, known by its contact only, the contact's last click; null when no
 *     click is to be credited
 * @param linkId the link of that click (not sent: the pipeline must find it)
 * @param amount decimal string, null without
 * @param currency ISO 4217 code, null without amount
 * @param expectedModel {@code last_click} (credited to {@code linkId}), {@code none} (known by a
 *     contact no click names), or null when it is rejected
 * @param expectedReason the dead-letter reason of the malformed one, else null
 * @param late arrives hours of event time after its click, behind the watermark
 * @param contactId the {@code contact_id} it sends, null when none
 */
public record ConversionRecord(
    String key,
    byte[] value,
    String type,
    long eventTime,
    long arrivalTime,
    String clickId,
    String linkId,
    String amount,
    String currency,
    String expectedModel,
    String expectedReason,
    boolean late,
    String contactId) {

  public String conversionId() {
    return key;
  }

  /** Known by its contact alone (no click id, no visitor), yet to be credited to a click. */
  public boolean creditedByContact() {
    return contactId != null && clickId != null && "last_click".equals(expectedModel);
  }
}
