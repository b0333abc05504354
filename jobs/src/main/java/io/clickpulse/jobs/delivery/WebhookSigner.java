package io.clickpulse.jobs.delivery;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook requests per the Standard Webhooks spec: HMAC-SHA256 over {@code
 * id.timestamp.payload}, keyed by the base64 part of a {@code whsec_} secret, sent as {@code
 * webhook-signature: v1,<base64>}. During a secret rotation several secrets sign, and the header
 * carries all signatures separated by spaces. Plain Java.
 */
public final class WebhookSigner {
  public static final String SECRET_PREFIX = "whsec_";

  private final List<byte[]> keys = new ArrayList<>();

  /**
   * @param secrets one or more {@code whsec_...} secrets; the first is the current one
   */
  public WebhookSigner(List<String> secrets) {
    if (secrets.isEmpty()) {
      throw new IllegalArgumentException("A signed webhook needs at least one whsec_ secret");
    }
    for (String secret : secrets) {
      keys.add(decode(secret));
    }
  }

  /** Validates a secret's form without revealing it in the message. */
  public static byte[] decode(String secret) {
    if (secret == null || !secret.startsWith(SECRET_PREFIX)) {
      throw new IllegalArgumentException("Webhook secrets must start with 'whsec_'");
    }
    try {
      byte[] key = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
      if (key.length < 24) {
        throw new IllegalArgumentException("Webhook secrets must hold at least 24 random bytes");
      }
      return key;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Webhook secret is not whsec_ followed by base64", null);
    }
  }

  /** The {@code webhook-signature} header value for one message. */
  public String signature(String messageId, long timestampSeconds, String payload) {
    byte[] content =
        (messageId + "." + timestampSeconds + "." + payload).getBytes(StandardCharsets.UTF_8);
    List<String> signatures = new ArrayList<>();
    for (byte[] key : keys) {
      signatures.add("v1," + Base64.getEncoder().encodeToString(hmac(key, content)));
    }
    return String.join(" ", signatures);
  }

  private static byte[] hmac(byte[] key, byte[] content) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(content);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }
}
