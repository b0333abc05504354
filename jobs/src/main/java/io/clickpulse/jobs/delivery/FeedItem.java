package io.clickpulse.jobs.delivery;

/** One record of a feed's topic, waiting for its batch: its id and its JSON as read (compact). */
public class FeedItem {
  public String feed;
  public String id;
  public String json;

  /** When it was buffered (processing time): its batch goes at most max-wait later. */
  public long receivedAt;

  public FeedItem() {}

  public FeedItem(String feed, String id, String json) {
    this.feed = feed;
    this.id = id;
    this.json = json;
  }

  @Override
  public String toString() {
    return "FeedItem{" + feed + " " + id + "}";
  }
}
