package io.clickpulse.udf.enrich;

/** Why a click is classified as automated. The codes are stable: dashboards filter on them. */
public enum BotReason {
  /** Not a bot as far as the rules can tell. */
  NONE(""),
  /** A chat or social app fetching the link to draw a preview card. */
  LINK_PREVIEW("link_preview"),
  /** An email security gateway opening every link in a message before the reader does. */
  EMAIL_SCANNER("email_scanner"),
  /** A browser without a window: automation, testing or scraping. */
  HEADLESS_BROWSER("headless_browser"),
  /** A command-line tool or HTTP library (curl, python-requests, ...). */
  AUTOMATION_TOOL("automation_tool"),
  /** A search engine or other crawler. */
  CRAWLER("crawler"),
  /** A HEAD request: checks the link without following it. */
  HEAD_REQUEST("head_request"),
  /** No user agent at all. */
  EMPTY_USER_AGENT("empty_user_agent"),
  /**
   * Behaviour, not the user agent: the client (IP and user agent) made a burst of clicks within
   * seconds (the {@code bot_burst} pattern).
   */
  BURST_PATTERN("burst_pattern"),
  /** Behaviour: many distinct links within a second or two (the {@code bot_scan} pattern). */
  SCAN_PATTERN("scan_pattern"),
  /** Behaviour: clicks at near-constant intervals (the {@code bot_metronome} pattern). */
  METRONOME_PATTERN("metronome_pattern");

  private final String code;

  BotReason(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  /** Whether it comes from a client's behaviour over several clicks, not from one request. */
  public boolean fromBehaviour() {
    return this == BURST_PATTERN || this == SCAN_PATTERN || this == METRONOME_PATTERN;
  }
}
