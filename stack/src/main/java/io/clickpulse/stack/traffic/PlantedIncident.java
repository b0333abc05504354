package io.clickpulse.stack.traffic;

/**
 * Something a scenario plants in the traffic for ClickPulse to find, and the alert it must produce.
 * Its clicks are the records whose {@link GeneratedRecord#incident()} is its name.
 *
 * @param name short name, e.g. {@code spike (hot link)}
 * @param description what happens, for people
 * @param expectedRule the alert rule that must fire
 * @param campaignId the campaign it happens in (null on a direct link)
 * @param linkId the link it happens on (for client patterns: the first link the client clicks)
 * @param from event time of the first planted click (epoch ms)
 * @param to event time of the last planted click (epoch ms)
 */
public record PlantedIncident(
    String name,
    String description,
    String expectedRule,
    String campaignId,
    String linkId,
    long from,
    long to) {}
