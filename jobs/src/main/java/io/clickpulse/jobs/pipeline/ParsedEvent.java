package io.clickpulse.jobs.pipeline;

import java.util.function.Supplier;

/**
 * A record of one of the pipeline's other inputs (links, conversions) as its source hands it on: a
 * valid event or a dead letter. Each input subclasses it with its event type, which keeps it a
 * Flink POJO.
 */
public class ParsedEvent<E> {
  /** Null when rejected. */
  public E event;

  /** Null when valid. */
  public DeadLetter deadLetter;

  public boolean isValid() {
    return event != null;
  }

  public static <E, P extends ParsedEvent<E>> P valid(Supplier<P> make, E event) {
    P parsed = make.get();
    parsed.event = event;
    return parsed;
  }

  public static <P extends ParsedEvent<?>> P rejected(Supplier<P> make, DeadLetter deadLetter) {
    P parsed = make.get();
    parsed.deadLetter = deadLetter;
    return parsed;
  }
}
