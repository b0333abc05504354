package io.clickpulse.stack.traffic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Consumer;

/**
 * Something a scenario plants in the traffic for ClickPulse to find: its clicks and the alert it
 * must produce.
 *
 * @param name short name, e.g. {@code spike}
 * @param description what happens, for people
 * @param expectedRule the alert rule that must fire
 * @param campaignId the campaign it happens in
 * @param linkId the link it happens on (for client patterns: the first link the client clicks)
 * @param from event time of the first planted click (epoch ms)
 * @param to event time of the last planted click (epoch ms)
 * @param clicks the planted clicks, in event-time order
 */
public record PlantedIncident(
    String name,
    String description,
    String expectedRule,
    String campaignId,
    String linkId,
    long from,
    long to,
    List<Click> clicks) {

  /**
   * One planted click on a campaign's link number, shaped before it is sent.
   *
   * @param shape changes the generated event (user agent, IP, status, missing fields ...)
   */
  public record Click(long eventTime, int linkNumber, Consumer<ObjectNode> shape) {}

  static PlantedIncident of(
      String name, String description, String expectedRule, String campaignId, List<Click> clicks) {
    return new PlantedIncident(
        name,
        description,
        expectedRule,
        campaignId,
        Catalog.linkId(campaignId, clicks.get(0).linkNumber()),
        clicks.get(0).eventTime(),
        clicks.get(clicks.size() - 1).eventTime(),
        List.copyOf(clicks));
  }
}
