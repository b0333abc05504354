package io.clickpulse.stack.traffic;

import java.util.List;

/**
 * Realistic values for generated clicks: campaigns with the messy UTM spellings people type, user
 * agents of browsers and bots, referrers and countries. {@link RealisticTraffic} models its
 * campaigns on these ({@link LinkSpace}).
 */
final class Catalog {
  private Catalog() {}

  record Campaign(
      String id,
      String owner,
      String channel,
      List<String> sources,
      List<String> mediums,
      String name) {}

  /** {@link ClickTrafficGenerator} clicks links 0..3 of each campaign. */
  static final int LINKS_PER_CAMPAIGN = 4;

  static Campaign campaign(String id) {
    return CAMPAIGNS.stream()
        .filter(c -> c.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no campaign " + id + " in the catalog"));
  }

  /** The link id of a campaign's link number. */
  static String linkId(String campaignId, int linkNumber) {
    return campaignId.replace("cmp-", "lnk-") + "-" + linkNumber;
  }

  static final List<Campaign> CAMPAIGNS =
      List.of(
          new Campaign(
              "cmp-spring-sale",
              "maria@shop.example",
              "email",
              List.of("newsletter", "Newsletter", "news letter", "mailchimp"),
              List.of("email", "E-Mail", "e-mail"),
              "Spring Sale 2026"),
          new Campaign(
              "cmp-launch-video",
              "li.wei@shop.example",
              "social",
              List.of("yt", "YouTube", "youtube.com", "You%20Tube"),
              List.of("social", "Social Media", "video"),
              "launch_video"),
          new Campaign(
              "cmp-retarget",
              "sam@shop.example",
              "paid",
              List.of("fb", "facebook", "Facebook.com", "ig", "Instagram"),
              List.of("paid_social", "Paid Social", "cpc"),
              "retarget%2Dq4"),
          new Campaign(
              "cmp-store-posters",
              "ana@shop.example",
              "qr",
              List.of("qr", "QR Code", "poster", "flyer"),
              List.of("qr", "print", "offline"),
              "store posters"),
          new Campaign(
              "cmp-search",
              "sam@shop.example",
              "paid",
              List.of("google", "Google", "adwords", "bing"),
              List.of("cpc", "PPC", "paid search"),
              "brand-search"),
          new Campaign(
              "cmp-partners",
              "joe@shop.example",
              "affiliate",
              List.of("partner-blog", "Deals4You", "coupon_site"),
              List.of("affiliate", "referral"),
              "partners"));

  static final List<String> HUMAN_AGENTS =
      List.of(
          "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
          "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0",
          "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0",
          "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
          "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36",
          "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
          "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.6723.86 Mobile Safari/537.36",
          "Mozilla/5.0 (Linux; Android 14; SM-S921B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36",
          "Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1",
          "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 347.0.0.36.89");

  static final List<String> BOT_AGENTS =
      List.of(
          "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
          "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
          "Twitterbot/1.0",
          "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
          "WhatsApp/2.23.20.0 A",
          "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
          "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36",
          "curl/8.4.0",
          "python-requests/2.31.0");

  static final List<String> REFERRERS =
      List.of(
          "",
          "",
          "https://www.google.com/",
          "https://l.facebook.com/l.php?u=x",
          "https://t.co/abc123",
          "android-app://com.google.android.gm/",
          "https://www.linkedin.com/feed/",
          "https://news.ycombinator.com/");

  static final List<String> COUNTRIES =
      List.of("US", "US", "DE", "GB", "FR", "IN", "BR", "JP", "NL", "CA");
}
