package io.clickpulse.jobs.pipeline;

import org.apache.flink.util.OutputTag;

/** The side output every step sends its rejects to. */
public final class DeadLetters {
  public static final OutputTag<DeadLetter> TAG = new OutputTag<>("dead-letters") {};

  /** Dead letters carry at most this much of the original payload. */
  public static final int MAX_PAYLOAD_BYTES = 4096;

  private DeadLetters() {}
}
