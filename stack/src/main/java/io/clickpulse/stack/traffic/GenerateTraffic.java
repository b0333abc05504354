package io.clickpulse.stack.traffic;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends generated clicks to Kafka at a steady rate, with the planted duplicates, conflicts and
 * malformed records of the defaults, and prints progress every 10 seconds. Usage: {@code
 * --bootstrap HOST:PORT [--topic clicks.raw] [--rate 200] [--duration 10m] [--seed 42]}.
 */
public final class GenerateTraffic {
  private GenerateTraffic() {}

  public static void main(String[] args) {
    Map<String, String> options =
        new HashMap<>(
            Map.of("topic", "clicks.raw", "rate", "200", "duration", "10m", "seed", "42"));
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument " + args[i] + "; use --name value");
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    String bootstrap = options.get("bootstrap");
    if (bootstrap == null) {
      System.err.println("--bootstrap HOST:PORT is required");
      System.exit(2);
    }
    int rate = Integer.parseInt(options.get("rate"));
    Duration duration = Duration.parse("PT" + options.get("duration").toUpperCase());
    var generator =
        new ClickTrafficGenerator(
            new ClickTrafficGenerator.Options(
                Long.parseLong(options.get("seed")), 0.05, 0.01, 0.02));
    long start = System.nanoTime();
    long sent = 0;
    try (var producer = new TrafficProducer(bootstrap, options.get("topic"))) {
      while (System.nanoTime() - start < duration.toNanos()) {
        long due = (long) ((System.nanoTime() - start) / 1e9 * rate);
        while (sent < due) {
          producer.send(generator.next(System.currentTimeMillis()));
          sent++;
          if (sent % (10L * rate) == 0) {
            System.out.printf("%,d events sent (%d/s)%n", sent, rate);
          }
        }
        LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
      }
      System.out.println("done: " + producer.flush());
    }
  }
}
