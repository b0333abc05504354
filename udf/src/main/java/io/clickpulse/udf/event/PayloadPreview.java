package io.clickpulse.udf.event;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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

  /**
   * Dotted quads, valid or not ("999.1.1.1" may still be someone's mistyped address). Not a part of
   * a longer dotted number, but a sentence may end right after one.
   */
  private static final Pattern IPV4 =
      Pattern.compile("(?<!\\d|\\d\\.)(?:\\d{1,3}\\.){3}\\d{1,3}(?!\\d|\\.\\d)");

  /**
   * Candidates only, each confirmed by parsing, so times like 12:30:45 and MAC addresses stay. Not
   * inside a word, so C++'s "std::cout" keeps its "::c". Checked before IPv4 so that an IPv4-mapped
   * address is redacted as a whole.
   */
  private static final Pattern IPV6_CANDIDATE =
      Pattern.compile(
          "(?<![\\w:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?::\\d{1,3}(?:\\.\\d{1,3}){3})?"
              + "(?![\\w:]|\\.\\d)");

  private static final Pattern UNFINISHED_TOKEN = Pattern.compile("[0-9A-Fa-f:.]+$");

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
    boolean truncated = payload.length > maxBytes;
    String text = chars.toString();
    if (truncated) {
      // The cut may split an address ("203.0.113"): drop the unfinished token rather than leak it.
      text = UNFINISHED_TOKEN.matcher(text).replaceFirst("");
    }
    return new PayloadPreview(redactIps(text), truncated);
  }

  /** Replaces every IPv4 and IPv6 address in {@code text} with {@value #REDACTED}. */
  public static String redactIps(String text) {
    String withoutV6 =
        IPV6_CANDIDATE
            .matcher(text)
            .replaceAll(m -> IpAddresses.isLiteral(m.group()) ? REDACTED : "$0");
    return IPV4.matcher(withoutV6).replaceAll(REDACTED);
  }
}
