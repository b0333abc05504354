package io.clickpulse.udf.event;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A safe, bounded text view of a rejected payload for the dead-letter topic: at most {@code
 * maxBytes} of input, invalid UTF-8 replaced, and IP addresses redacted, because the raw IP must
 * never leave the job, not even inside a rejected record.
 *
 * @param text the preview
 * @param truncated whether the payload was longer than the preview
 */
public record PayloadPreview(String text, boolean truncated) {
  public static final String REDACTED = "[ip]";

  private static final Pattern IPV4 =
      Pattern.compile("(?<![\\d.])(?:\\d{1,3}\\.){3}\\d{1,3}(?![\\d.])");

  /** Candidates only; each is confirmed by parsing, so times like 12:30:45 stay. */
  private static final Pattern IPV6_CANDIDATE =
      Pattern.compile(
          "(?<![0-9A-Fa-f:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?::\\d{1,3}(?:\\.\\d{1,3}){3})?(?![0-9A-Fa-f:])");

  public static PayloadPreview of(byte[] payload, int maxBytes) {
    if (payload == null) {
      return new PayloadPreview("", false);
    }
    int length = Math.min(payload.length, maxBytes);
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    CharBuffer chars = CharBuffer.allocate(length);
    decoder.decode(ByteBuffer.wrap(payload, 0, length), chars, true);
    chars.flip();
    return new PayloadPreview(redactIps(chars.toString()), payload.length > maxBytes);
  }

  /** Replaces every IPv4 and IPv6 address in {@code text} with {@value #REDACTED}. */
  public static String redactIps(String text) {
    String withoutV4 = IPV4.matcher(text).replaceAll(REDACTED);
    Matcher m = IPV6_CANDIDATE.matcher(withoutV4);
    StringBuilder out = new StringBuilder(withoutV4.length());
    while (m.find()) {
      String candidate = m.group();
      boolean address =
          candidate.contains("::") || candidate.chars().filter(c -> c == ':').count() == 7;
      if (address && IpAddresses.isIpv6Literal(candidate)) {
        m.appendReplacement(out, Matcher.quoteReplacement(REDACTED));
      } else {
        m.appendReplacement(out, Matcher.quoteReplacement(candidate));
      }
    }
    m.appendTail(out);
    return out.toString();
  }
}
