package io.clickpulse.jobs.alert;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Deterministic alert ids and grouping fingerprints. Plain Java. */
public final class AlertIds {
  private AlertIds() {}

  /** The fingerprint groups every alert of one rule about one subject. */
  public static String fingerprint(String rule, String subjectType, String subjectId) {
    return hash(rule + "\n" + subjectType + "\n" + subjectId);
  }

  /** The id of one episode: rule, subject and the start of the window where it began. */
  public static String alertId(
      String rule, String subjectType, String subjectId, long windowStart) {
    return hash(rule + "\n" + subjectType + "\n" + subjectId + "\n" + windowStart);
  }

  private static String hash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Fills id, fingerprint and dashboard link from the other fields. */
  public static Alert identify(Alert a, String dashboardUrlTemplate) {
    a.fingerprint = fingerprint(a.rule, a.subjectType, a.subjectId);
    a.alertId = alertId(a.rule, a.subjectType, a.subjectId, a.windowStart);
    a.dashboardUrl =
        dashboardUrlTemplate
            .replace("{link_id}", a.linkId == null ? "" : a.linkId)
            .replace("{campaign_id}", a.campaignId == null ? "" : a.campaignId)
            .replace("{subject_id}", a.subjectId)
            .replace("{from}", String.valueOf(a.windowStart - 3_600_000))
            .replace("{to}", String.valueOf(a.windowEnd + 3_600_000));
    return a;
  }
}
