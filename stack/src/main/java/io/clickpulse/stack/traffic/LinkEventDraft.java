package io.clickpulse.stack.traffic;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A link event being made: the link as the shortener holds it after the event, written as the JSON
 * of docs/links.md. {@code created} and {@code updated} carry the whole link; {@code deleted} only
 * its id and version; {@code expiry_scheduled} also its {@code expires_at}.
 */
final class LinkEventDraft {
  private static final JsonFactory JSON = new JsonFactory();

  final String type;
  final LinkSpace.Link link;
  final long eventTime;
  final long version;
  String destinationUrl;
  boolean withUtm;
  String priority = "normal";
  List<String> tags = List.of();
  String contactId;
  String qrCodeId;
  long expiresAt = -1;
  long campaignEndsAt = -1;
  String importId;
  String createdBy = "shortener";
  String problem;
  String expectedAlert;

  LinkEventDraft(String type, LinkSpace.Link link, long eventTime, long version) {
    this.type = type;
    this.link = link;
    this.eventTime = eventTime;
    this.version = version;
    this.destinationUrl = link.destinationUrl();
    this.withUtm = link.utmSource() != null;
  }

  /** The same link at a later version (its fields kept, as an update carries them). */
  LinkEventDraft next(String type, long eventTime) {
    LinkEventDraft next = new LinkEventDraft(type, link, eventTime, version + 1);
    next.destinationUrl = destinationUrl;
    next.withUtm = withUtm;
    next.priority = priority;
    next.tags = tags;
    next.contactId = contactId;
    next.qrCodeId = qrCodeId;
    next.expiresAt = expiresAt;
    next.campaignEndsAt = campaignEndsAt;
    next.importId = importId;
    next.createdBy = createdBy;
    return next;
  }

  LinkEventDraft problem(String problem, String expectedAlert) {
    this.problem = problem;
    this.expectedAlert = expectedAlert;
    return this;
  }

  LinkEventRecord record(long seed) {
    Catalog.Campaign campaign = link.campaign();
    return new LinkEventRecord(
        link.id(),
        json(seed),
        type,
        eventTime,
        version,
        campaign == null ? null : campaignName(campaign),
        problem,
        expectedAlert);
  }

  /**
   * The campaign's name for people: its UTM spelling decoded ({@code retarget%2Dq4} is the campaign
   * "retarget-q4"); the link's {@code utm_campaign} keeps the spelling as typed.
   */
  static String campaignName(Catalog.Campaign campaign) {
    return URLDecoder.decode(campaign.name(), StandardCharsets.UTF_8);
  }

  private byte[] json(long seed) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
    try (JsonGenerator g = JSON.createGenerator(bytes)) {
      g.writeStartObject();
      g.writeStringField("event_id", "lev-" + seed + "-" + link.id() + "-v" + version);
      g.writeStringField("type", type);
      g.writeNumberField("event_time", eventTime);
      g.writeStringField("link_id", link.id());
      g.writeNumberField("version", version);
      if (type.equals("expiry_scheduled")) {
        g.writeNumberField("expires_at", expiresAt);
      }
      if (type.equals("created") || type.equals("updated")) {
        writeLink(g);
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private void writeLink(JsonGenerator g) throws IOException {
    Catalog.Campaign campaign = link.campaign();
    g.writeStringField("short_url", link.shortUrl());
    g.writeStringField("destination_url", destinationUrl);
    if (withUtm && link.utmSource() != null) {
      // As typed: the same spellings the link's clicks carry.
      g.writeStringField("utm_source", link.utmSource());
      g.writeStringField("utm_medium", link.utmMedium());
      g.writeStringField("utm_campaign", campaign.name());
      if (link.utmContent() != null) {
        g.writeStringField("utm_content", link.utmContent());
      }
    }
    if (campaign != null) {
      g.writeStringField("campaign_id", campaign.id());
      g.writeStringField("campaign_name", campaignName(campaign));
      g.writeStringField("owner", campaign.owner());
    }
    g.writeArrayFieldStart("tags");
    for (String tag : tags) {
      g.writeString(tag);
    }
    g.writeEndArray();
    g.writeStringField("priority", priority);
    if (qrCodeId != null) {
      g.writeStringField("qr_code_id", qrCodeId);
    }
    if (expiresAt >= 0) {
      g.writeNumberField("expires_at", expiresAt);
    }
    if (campaignEndsAt >= 0) {
      g.writeNumberField("campaign_ends_at", campaignEndsAt);
    }
    if (contactId != null) {
      g.writeStringField("contact_id", contactId);
    }
    g.writeStringField("created_by", createdBy);
    if (importId != null) {
      g.writeStringField("import_id", importId);
    }
  }
}
