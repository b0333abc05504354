package io.clickpulse.udf.event;

/**
 * An event id in the compact form the dedup state is keyed by: a UUID in its canonical lowercase
 * form ({@code 8-4-4-4-12} hex digits) as its 128 bits with an empty {@code other}, any other id as
 * itself in {@code other} with both halves 0.
 *
 * <p>The encoding is exact: different ids always give different keys ({@link #eventId()} gives the
 * id back). That is why only the one canonical spelling of a UUID is packed: {@code
 * java.util.UUID.fromString} also takes upper case and short groups, which would fold different ids
 * into one key. Ids are never empty (the parser rejects blank ids), so {@code other} is empty
 * exactly for packed UUIDs.
 */
public record EventIdKey(String other, long high, long low) {
  private static final int UUID_LENGTH = 36;

  public static EventIdKey of(String eventId) {
    if (eventId.isEmpty()) {
      throw new IllegalArgumentException("An event id is never empty");
    }
    if (eventId.length() != UUID_LENGTH) {
      return new EventIdKey(eventId, 0, 0);
    }
    long high = 0;
    long low = 0;
    int digits = 0;
    for (int i = 0; i < UUID_LENGTH; i++) {
      char c = eventId.charAt(i);
      if (i == 8 || i == 13 || i == 18 || i == 23) {
        if (c != '-') {
          return new EventIdKey(eventId, 0, 0);
        }
        continue;
      }
      int nibble = lowerHexDigit(c);
      if (nibble < 0) {
        return new EventIdKey(eventId, 0, 0);
      }
      if (digits++ < 16) {
        high = (high << 4) | nibble;
      } else {
        low = (low << 4) | nibble;
      }
    }
    return new EventIdKey("", high, low);
  }

  /** The id this key was made from. */
  public String eventId() {
    return other.isEmpty() ? new java.util.UUID(high, low).toString() : other;
  }

  private static int lowerHexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    return -1;
  }
}
