package io.clickpulse.stack.traffic;

import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.random.RandomGenerator;

/**
 * Who clicks. A new visitor clicks once with probability {@code oneClickShare}; otherwise they come
 * back for 2 to {@value #MAX_CLICKS} clicks in all (fewer more likely), each after a gap of minutes
 * to hours, on the same link half the time. Returns are due at a time and take the next click slot
 * from then on, so they never add clicks; one scheduled past the end of the span is moved into what
 * is left of it, so returning visitors near the end still return.
 *
 * <p>A visitor is what the pipeline sees as one (an IP address and a user agent): addresses come
 * from some 300 million, so distinct visitors practically never collide.
 */
final class Visitors {
  record Visitor(String ip, String userAgent, boolean bot, String country) {}

  /** A visitor and the rank of the link they click. */
  record Visit(Visitor visitor, int rank) {}

  /** Share of visitors that are bots (link expanders, crawlers, scripts). */
  static final double BOT_SHARE = 0.15;

  /** Fewer than the bot-metronome rule's 8 clicks: returning visitors are never bots to it. */
  static final int MAX_CLICKS = 6;

  private static final long MINUTE = 60_000;
  private static final long MIN_GAP = 2 * MINUTE;
  private static final double MEAN_EXTRA_GAP = 88 * MINUTE;
  private static final int[] FIRST_OCTETS = {
    24, 31, 37, 45, 62, 73, 77, 81, 89, 92, 98, 104, 109, 151, 176, 178, 185, 188, 212, 217
  };

  private record Return(long time, long order, Visitor visitor, int rank, int clicksLeft) {}

  private final RandomGenerator random;
  private final double oneClickShare;
  private final long end;
  private final ZipfSampler popularity;
  private final PriorityQueue<Return> due =
      new PriorityQueue<>(Comparator.comparingLong(Return::time).thenComparingLong(Return::order));
  private long scheduled;

  Visitors(RandomGenerator random, double oneClickShare, long end, ZipfSampler popularity) {
    this.random = random;
    this.oneClickShare = oneClickShare;
    this.end = end;
    this.popularity = popularity;
  }

  /** Who clicks at {@code time}, and which link: a visitor due back, else a new one. */
  Visit next(long time) {
    Return back = due.peek();
    if (back != null && back.time() <= time) {
      due.poll();
      int rank = random.nextBoolean() ? back.rank() : popularity.sample(random);
      scheduleReturn(time, back.visitor(), rank, back.clicksLeft());
      return new Visit(back.visitor(), rank);
    }
    Visitor visitor = stranger();
    int rank = popularity.sample(random);
    if (random.nextDouble() >= oneClickShare) {
      int clicks = 2;
      while (clicks < MAX_CLICKS && random.nextBoolean()) {
        clicks++;
      }
      scheduleReturn(time, visitor, rank, clicks - 1);
    }
    return new Visit(visitor, rank);
  }

  /** A new visitor who is not scheduled to return. */
  Visitor stranger() {
    boolean bot = random.nextDouble() < BOT_SHARE;
    return new Visitor(
        ip(), pick(bot ? Catalog.BOT_AGENTS : Catalog.HUMAN_AGENTS), bot, pick(Catalog.COUNTRIES));
  }

  /** A new human visitor with a browser. */
  Visitor human() {
    return new Visitor(ip(), pick(Catalog.HUMAN_AGENTS), false, pick(Catalog.COUNTRIES));
  }

  private void scheduleReturn(long time, Visitor visitor, int rank, int clicksLeft) {
    if (clicksLeft == 0 || time >= end) {
      return;
    }
    long gap = MIN_GAP + (long) (-Math.log(1 - random.nextDouble()) * MEAN_EXTRA_GAP);
    long at = time + gap <= end ? time + gap : time + 1 + random.nextLong(end - time);
    due.add(new Return(at, scheduled++, visitor, rank, clicksLeft - 1));
  }

  private String ip() {
    if (random.nextInt(10) == 0) {
      return "2001:db8:"
          + Integer.toHexString(random.nextInt(65536))
          + ":"
          + Integer.toHexString(random.nextInt(65536))
          + "::"
          + Integer.toHexString(1 + random.nextInt(65535));
    }
    return FIRST_OCTETS[random.nextInt(FIRST_OCTETS.length)]
        + "."
        + random.nextInt(256)
        + "."
        + random.nextInt(256)
        + "."
        + (1 + random.nextInt(254));
  }

  private <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }
}
