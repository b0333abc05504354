package io.clickpulse.jobs.testing;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.streaming.runtime.tasks.mailbox.Mail;
import org.apache.flink.streaming.runtime.tasks.mailbox.TaskMailbox;

/**
 * For harness tests of operators whose asynchronous results (a send's answer, a lookup) come back
 * through the task's mailbox: the harness has no task thread, so the test runs each mail itself.
 */
public final class Mailboxes {
  private Mailboxes() {}

  /** Waits up to {@code timeout} for the next mail and runs it, as the task thread would. */
  public static void runNext(TaskMailbox mailbox, String what, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    Optional<Mail> mail;
    while ((mail = mailbox.tryTake(TaskMailbox.MIN_PRIORITY)).isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no " + what + " within " + timeout);
      }
      LockSupport.parkNanos(1_000_000);
    }
    mail.get().run();
  }

  /** The same, waiting up to 30 s. */
  public static void runNext(TaskMailbox mailbox, String what) throws Exception {
    runNext(mailbox, what, Duration.ofSeconds(30));
  }
}
