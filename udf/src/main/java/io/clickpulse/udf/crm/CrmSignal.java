package io.clickpulse.udf.crm;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A qualified-click match: the {@code crm_signals} event, on Kafka as JSON (snake_case; the webhook
 * body the delivery job sends) and in ClickHouse. docs/crm.md and
 * docs/schemas/crm-signal-v1.schema.json describe every field. No personal data: no IP, user agent
 * or visitor hash; the contact is the CRM's opaque id.
 */
public class CrmSignal {
  public static final String SCHEMA = "crm-signal-v1";
  public static final String SUBJECT_CONTACT = "contact";
  public static final String SUBJECT_TAG = "tag";
  public static final String SUBJECT_OWNER = "owner";

  /** Link ids carried at most: a partner's hour may span many links. */
  public static final int MAX_LINK_IDS = 50;

  public String schema = SCHEMA;

  /** Hash of rule, subject and the counted clicks' event ids: a replay makes the same id. */
  public String signalId;

  public String rule;
  public String kind;
  public String route = "";

  /** {@link #SUBJECT_CONTACT}, {@link #SUBJECT_TAG} or {@link #SUBJECT_OWNER}. */
  public String subjectType;

  public String subjectId;

  /** The contact ("" for partner signals). */
  public String contactId = "";

  /** Of the click that completed the match. */
  public String campaignId = "";

  public String campaignName = "";

  /** The counted clicks' distinct links, sorted, at most {@link #MAX_LINK_IDS}. */
  public List<String> linkIds = new ArrayList<>();

  public int clickCount;

  /** The rule's window ({@code within}, or {@code forget-after} for first-click), seconds. */
  public long windowSeconds;

  /** Event times of the first and last counted click, epoch ms. */
  public long firstClickTime;

  public long lastClickTime;

  /** The click that completed the match. */
  public String triggerClickId;

  public CrmSignal() {}

  /** The deterministic id: 32 hex digits of SHA-256 over the rule, subject and click ids. */
  public static String id(String rule, String subjectType, String subjectId, List<String> clicks) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      // Separated by a byte no id contains (they have no control characters).
      StringBuilder text = new StringBuilder(rule).append('\u0000');
      text.append(subjectType).append(':').append(subjectId);
      for (String click : clicks) {
        text.append('\u0000').append(click);
      }
      byte[] hash = digest.digest(text.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CrmSignal s
        && clickCount == s.clickCount
        && windowSeconds == s.windowSeconds
        && firstClickTime == s.firstClickTime
        && lastClickTime == s.lastClickTime
        && Objects.equals(schema, s.schema)
        && Objects.equals(signalId, s.signalId)
        && Objects.equals(rule, s.rule)
        && Objects.equals(kind, s.kind)
        && Objects.equals(route, s.route)
        && Objects.equals(subjectType, s.subjectType)
        && Objects.equals(subjectId, s.subjectId)
        && Objects.equals(contactId, s.contactId)
        && Objects.equals(campaignId, s.campaignId)
        && Objects.equals(campaignName, s.campaignName)
        && Objects.equals(linkIds, s.linkIds)
        && Objects.equals(triggerClickId, s.triggerClickId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(signalId);
  }

  @Override
  public String toString() {
    return "CrmSignal{"
        + rule
        + " "
        + subjectType
        + ":"
        + subjectId
        + " x"
        + clickCount
        + " id="
        + signalId
        + "}";
  }
}
