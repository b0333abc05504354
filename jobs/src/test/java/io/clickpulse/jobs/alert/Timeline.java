package io.clickpulse.jobs.alert;

import io.clickpulse.udf.enrich.EnrichedClick;
import io.clickpulse.udf.event.ClickEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Synthetic click timelines for the alert rules. */
final class Timeline {
  static final long T0 = 1_795_000_000_000L - Math.floorMod(1_795_000_000_000L, 86_400_000L);
  static final long MINUTE = 60_000;

  final List<EnrichedClick> clicks = new ArrayList<>();
  private final Random random;
  private int ids;

  Timeline(long seed) {
    random = new Random(seed);
  }

  /**
   * {@code perMinute} human clicks per minute on a link, spread over each minute, minutes [from,
   * to).
   */
  Timeline steady(String link, String campaign, int fromMinute, int toMinute, double perMinute) {
    for (int m = fromMinute; m < toMinute; m++) {
      minute(link, campaign, m, poisson(perMinute), 302);
    }
    return this;
  }

  Timeline minute(String link, String campaign, int minute, int clicksInMinute, int status) {
    for (int i = 0; i < clicksInMinute; i++) {
      add(
          human(
              link,
              campaign,
              T0 + minute * MINUTE + random.nextInt(60_000),
              random.nextInt(5000),
              status));
    }
    return this;
  }

  EnrichedClick human(String link, String campaign, long time, long visitor, int status) {
    EnrichedClick c = new EnrichedClick();
    c.click = new ClickEvent();
    c.click.eventId = "e" + ids++;
    c.click.eventTime = time;
    c.click.linkId = link;
    c.click.campaignId = campaign;
    c.click.campaignOwner = "owner@shop.example";
    c.click.utmSource = "newsletter";
    c.click.utmMedium = "email";
    c.click.utmCampaign = "spring";
    c.click.redirectStatus = status;
    c.click.userAgent = "Mozilla/5.0";
    c.click.destinationUrl = "https://shop.example/" + link;
    c.click.shortUrl = "https://sho.rt/" + link;
    c.click.linkDomain = "sho.rt";
    c.click.country = "DE";
    c.utmSource = "newsletter";
    c.utmMedium = "email";
    c.utmCampaign = "spring";
    c.channel = "email";
    c.visitorId = visitor;
    c.isBot = false;
    c.botReason = "";
    c.referrerDomain = "google.com";
    c.ipNetwork = "198.51.100.0/24";
    c.deviceClass = "desktop";
    return c;
  }

  Timeline add(EnrichedClick c) {
    clicks.add(c);
    return this;
  }

  int poisson(double mean) {
    double l = Math.exp(-mean);
    int k = 0;
    double p = 1;
    do {
      k++;
      p *= random.nextDouble();
    } while (p > l);
    return k - 1;
  }
}
