package io.clickpulse.udf.enrich;

/**
 * What a user-agent string says about the client.
 *
 * @param browser agent name, for example "Chrome" or "Slackbot-LinkExpanding"
 * @param browserVersion major version, or "" when unknown
 * @param os operating system name
 * @param deviceClass one of desktop, phone, tablet, tv, console, wearable, bot, other, unknown
 * @param agentClass YAUAA's agent class (Browser, Robot, Cloud Application, ...), used by bot rules
 */
public record UserAgentInfo(
    String browser, String browserVersion, String os, String deviceClass, String agentClass) {}
