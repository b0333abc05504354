package io.clickpulse.jobs.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Objects;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MinuteKeyTest {
  /**
   * The key groups of the minute windows' state follow the key's hash: a savepoint taken before the
   * hash was written out must restore each window to the same key group, so the hash must be the
   * one {@code Objects.hash} gave over the fields in declaration order.
   */
  @ParameterizedTest
  @CsvSource(
      nullValues = "null",
      value = {
        "lnk-8f3a, cmp-spring, newsletter, email, spring_sale, web, DE, desktop, false",
        "lnk-8f3a, cmp-spring, newsletter, email, spring_sale, web, DE, desktop, true",
        "qr-19, '', '', '', '', qr, '', mobile, false",
        "lnk-ü-42, cmp-été, google, cpc, soldes d'été, web, FR, tablet, false",
        "lnk-1, null, null, null, null, null, null, null, true",
      })
  void hashIsObjectsHashOfTheFieldsSoKeyGroupsStayTheSame(
      String link,
      String campaign,
      String source,
      String medium,
      String utmCampaign,
      String channel,
      String country,
      String device,
      boolean bot) {
    MinuteKey key = new MinuteKey();
    key.linkId = link;
    key.campaignId = campaign;
    key.utmSource = source;
    key.utmMedium = medium;
    key.utmCampaign = utmCampaign;
    key.channel = channel;
    key.country = country;
    key.deviceClass = device;
    key.isBot = bot;

    int before =
        Objects.hash(link, campaign, source, medium, utmCampaign, channel, country, device, bot);
    assertEquals(before, key.hashCode());
    assertEquals(
        KeyGroupRangeAssignment.computeKeyGroupForKeyHash(before, 128),
        KeyGroupRangeAssignment.assignToKeyGroup(key, 128));
  }
}
