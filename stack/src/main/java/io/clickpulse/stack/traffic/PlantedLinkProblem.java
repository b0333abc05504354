package io.clickpulse.stack.traffic;

/**
 * A lifecycle problem the generator plants in the link events and clicks (issue #17), and the alert
 * it must produce, exactly once.
 *
 * @param name short name, e.g. {@code clicked after delete}
 * @param description what happens, for people
 * @param expectedRule the lifecycle rule that must fire; null for a problem no rule reports (clicks
 *     on a link no event announced: counted in {@code clicks_unknown_link})
 * @param subject the alert's subject: the link id, or for an import summary its campaign id
 * @param at event time of the link event or first click that must make it fire (epoch ms)
 */
public record PlantedLinkProblem(
    String name, String description, String expectedRule, String subject, long at) {}
