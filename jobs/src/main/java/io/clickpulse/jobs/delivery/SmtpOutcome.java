package io.clickpulse.jobs.delivery;

/**
 * What an SMTP reply code means for delivery (RFC 5321 section 4.2.1): 2xx the server took the
 * message; 4xx a transient failure (421 service closing, 450/451 mailbox busy or local error, 452
 * no space) worth another try; 5xx permanent (550 mailbox unavailable, 535 authentication failed,
 * 554 rejected): retrying the same message cannot help. No reply at all (0: refused, timed out, TLS
 * failed) is retried like an HTTP connection error; {@link HttpDelivery#REFUSED} (the outbound
 * policy) fails. Plain Java.
 */
public final class SmtpOutcome {
  private SmtpOutcome() {}

  public static RetrySchedule.Outcome classify(int code) {
    if (code == HttpDelivery.REFUSED) {
      return RetrySchedule.Outcome.FAILED;
    }
    if (code == 0) {
      return RetrySchedule.Outcome.RETRY;
    }
    return switch (code / 100) {
      case 2 -> RetrySchedule.Outcome.DELIVERED;
      case 4 -> RetrySchedule.Outcome.RETRY;
      // 5xx, and a 1xx/3xx where a final reply belongs: the server does not speak SMTP as expected
      default -> RetrySchedule.Outcome.FAILED;
    };
  }

  /** The outcome of a {@code type} destination's result: SMTP codes for email, else HTTP. */
  static RetrySchedule.Outcome classify(String type, int status) {
    return "email".equals(type) ? classify(status) : RetrySchedule.classify(status);
  }
}
