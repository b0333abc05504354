package io.clickpulse.stack.traffic;

import java.util.List;

/**
 * The qualified contact scenario {@code demo} plants for the CRM rules (issue #18, docs/crm.md):
 * links made for one CRM contact and tagged {@code tag}, each clicked once by the same person,
 * {@code clicks} human clicks within minutes. A {@code tagged-clicks} rule on that tag, counting
 * that many clicks within at least {@link #window()}, must make exactly one signal for the contact
 * (no other link carries the tag).
 *
 * @param contactId the CRM contact the links were made for (the signal's subject)
 * @param tag the tag the links carry beside their channel and campaign
 * @param linkIds the contact's links, in the order clicked
 * @param clickTimes event time of each click (epoch ms), one per link, in time order
 * @param clickIds the event id of each click, in the same order (the click feed's item ids)
 */
public record PlantedContact(
    String contactId,
    String tag,
    List<String> linkIds,
    List<Long> clickTimes,
    List<String> clickIds) {

  /** The name its clicks carry in {@link GeneratedRecord#incident()}. */
  public static final String NAME = "qualified contact";

  /** The tag of the contact's links, and how many of them the contact clicks. */
  public static final String TAG = "pricing";

  public static final int CLICKS = 2;

  public PlantedContact {
    linkIds = List.copyOf(linkIds);
    clickTimes = List.copyOf(clickTimes);
    clickIds = List.copyOf(clickIds);
  }

  /** How many clicks the contact makes. */
  public int clicks() {
    return clickTimes.size();
  }

  /** Event time from the first click to the last: a rule's window must be longer. */
  public java.time.Duration window() {
    return java.time.Duration.ofMillis(clickTimes.get(clickTimes.size() - 1) - clickTimes.get(0));
  }

  /** Event time of the click that must make the signal (the last). */
  public long signalAt() {
    return clickTimes.get(clickTimes.size() - 1);
  }
}
