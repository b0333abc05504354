package io.clickpulse.jobs.delivery;

import io.clickpulse.jobs.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** A batch of one feed's items: the body {@code {"feed": name, "items": [...]}} of one webhook. */
public class FeedBatch {
  public String feed;
  public String firstId;
  public String lastId;

  /** {@code body: item}: the one item is the body, its id the webhook-id. */
  public boolean single;

  /** Each item's JSON object, compact, as read from the feed's topic. */
  public List<String> items = new ArrayList<>();

  public FeedBatch() {}

  static FeedBatch of(String feed, List<FeedItem> items) {
    FeedBatch b = new FeedBatch();
    b.feed = feed;
    b.firstId = items.get(0).id;
    b.lastId = items.get(items.size() - 1).id;
    items.forEach(i -> b.items.add(i.json));
    return b;
  }

  /**
   * The webhook-id: the same for the same feed, first and last item and size, so a batch retried or
   * sent again after a restart keeps its id (receivers dedup on it) and two batches of a feed
   * differ. {@code feed.<name>.<first 24 hex of SHA-256>}: a header value whatever the ids hold.
   */
  public static String webhookId(String feed, String firstId, String lastId, int size) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      // Lengths first: ("a.b", "c") and ("a", "b.c") must not collide.
      for (String part : List.of(feed, firstId, lastId, String.valueOf(size))) {
        byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
        sha.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
        sha.update(bytes);
      }
      return "feed." + feed + "." + HexFormat.of().formatHex(sha.digest()).substring(0, 24);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public String webhookId() {
    if (single) {
      // The item's own id when it is fit for a header (a signal_id is hex), else a hash of it.
      return firstId.matches("[A-Za-z0-9._:-]{1,200}")
          ? firstId
          : webhookId(feed, firstId, firstId, 1);
    }
    return webhookId(feed, firstId, lastId, items.size());
  }

  /** The webhook body: the items as they were read, in order. */
  public String body() {
    if (single) {
      return items.get(0);
    }
    StringBuilder json = new StringBuilder("{\"feed\":");
    json.append(Json.string(feed)).append(",\"items\":[");
    for (int i = 0; i < items.size(); i++) {
      json.append(i == 0 ? "" : ",").append(items.get(i));
    }
    return json.append("]}").toString();
  }
}
