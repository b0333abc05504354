package io.clickpulse.bench;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;

/** Waiting for bounded jobs, with a progress line every few seconds. */
final class FlinkJobs {
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);
  private static final Duration LIMIT = Duration.ofMinutes(30);

  private FlinkJobs() {}

  /**
   * A job that ran to its end.
   *
   * @param wall from submission until the job finished
   */
  record Finished(JobExecutionResult result, Duration wall) {
    Duration net() {
      return Duration.ofMillis(result.getNetRuntime(TimeUnit.MILLISECONDS));
    }

    long counter(String name) {
      Object value = result.getAllAccumulatorResults().get(name);
      return value == null ? 0 : ((Number) value).longValue();
    }
  }

  /**
   * Waits for {@code job}, submitted at {@code submittedNanos}, printing {@code status} while it
   * runs and sampling {@code threads} every second.
   */
  static Finished await(
      JobClient job,
      long submittedNanos,
      Progress progress,
      Supplier<String> status,
      ThreadCpu threads)
      throws Exception {
    var result = job.getJobExecutionResult();
    long deadline = submittedNanos + LIMIT.toNanos();
    long nextProgress = submittedNanos + PROGRESS_EVERY.toNanos();
    while (true) {
      threads.sample();
      try {
        JobExecutionResult finished = result.get(1, TimeUnit.SECONDS);
        return new Finished(finished, Duration.ofNanos(System.nanoTime() - submittedNanos));
      } catch (TimeoutException stillRunning) {
        long now = System.nanoTime();
        if (now > deadline) {
          job.cancel();
          throw new IllegalStateException("Job " + job.getJobID() + " ran longer than " + LIMIT);
        }
        if (now > nextProgress) {
          progress.step("  running %.0f s; %s", (now - submittedNanos) / 1e9, status.get());
          nextProgress = now + PROGRESS_EVERY.toNanos();
        }
      } catch (ExecutionException e) {
        throw new IllegalStateException("Job " + job.getJobID() + " failed", e.getCause());
      }
    }
  }
}
