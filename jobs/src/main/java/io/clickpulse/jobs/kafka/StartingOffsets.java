package io.clickpulse.jobs.kafka;

/** Where a job without committed offsets starts reading. */
public enum StartingOffsets {
  /** The group's committed offsets, or the earliest when it has none. */
  COMMITTED,
  EARLIEST,
  LATEST
}
