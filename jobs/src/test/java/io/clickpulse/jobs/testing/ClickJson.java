package io.clickpulse.jobs.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/** Hand-made click events for timeline tests. */
public final class ClickJson {
  public static final String BROWSER =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36";
  public static final String SLACKBOT =
      "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ObjectNode node = JSON.createObjectNode();

  private ClickJson(String eventId, long eventTime, String linkId) {
    node.put("event_id", eventId);
    node.put("event_time", eventTime);
    node.put("link_id", linkId);
    node.put("short_url", "https://cpl.sh/" + linkId);
    node.put("destination_url", "https://shop.example/" + linkId + "?utm_source=yt");
    node.put("utm_source", "yt");
    node.put("utm_medium", "social");
    node.put("utm_campaign", "launch");
    node.put("campaign_id", "cmp-launch");
    node.put("campaign_owner", "li.wei@shop.example");
    node.put("channel", "social");
    node.put("user_agent", BROWSER);
    node.put("ip", "198.51.100.1");
    node.put("redirect_status", 302);
    node.put("country", "DE");
  }

  public static ClickJson click(String eventId, long eventTime, String linkId) {
    return new ClickJson(eventId, eventTime, linkId);
  }

  public ClickJson set(String field, String value) {
    node.put(field, value);
    return this;
  }

  public ClickJson set(String field, int value) {
    node.put(field, value);
    return this;
  }

  /** Sets {@code custom.<key>} (docs/events.md: the click's custom dimensions). */
  public ClickJson custom(String key, String value) {
    node.with("custom").put(key, value);
    return this;
  }

  public ClickJson test() {
    node.put("is_test", true);
    return this;
  }

  public byte[] bytes() {
    return node.toString().getBytes(StandardCharsets.UTF_8);
  }
}
