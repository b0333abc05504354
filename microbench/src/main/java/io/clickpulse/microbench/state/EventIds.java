package io.clickpulse.microbench.state;

import java.util.Random;
import java.util.UUID;

/** How event ids look: their length is most of a remembered id's key. */
public enum EventIds {
  /** A random UUID (36 characters), what redirect services typically send. */
  UUID_V4("UUID, 36 chars") {
    @Override
    String id(long n, Random random) {
      return new UUID(random.nextLong(), random.nextLong()).toString();
    }
  },
  /** The traffic generator's ids: "evt-42-1234567" (about 14 characters). */
  GENERATOR("generator's evt-42-N, ~14 chars") {
    @Override
    String id(long n, Random random) {
      return "evt-42-" + n;
    }
  };

  private final String description;

  EventIds(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }

  /** The {@code n}-th id; {@code random} is the sequence's own seeded source. */
  abstract String id(long n, Random random);
}
