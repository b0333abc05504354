package io.clickpulse.jobs.delivery;

import java.util.concurrent.RejectedExecutionException;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.streaming.api.operators.KeyContext;
import org.apache.flink.util.function.ThrowingRunnable;

/**
 * Brings the result of work done off the task thread (an HTTP request, a digest lookup or send)
 * back onto it through the task's mailbox, with the work's key as the operator's current key: the
 * result then touches that key's state on the task thread, between records and never during a
 * checkpoint. Shared by {@link OffTaskOperator} and {@link DigestScheduleOperator}.
 */
final class KeyedMailbox {
  private final MailboxExecutor mailbox;
  private final KeyContext operator;
  private final String description;

  /**
   * @param description the mail's name with one {@code %s} for the key, seen in task thread dumps
   */
  KeyedMailbox(MailboxExecutor mailbox, KeyContext operator, String description) {
    this.mailbox = mailbox;
    this.operator = operator;
    this.description = description;
  }

  /** Runs {@code onTaskThread} on the task thread with {@code key} current; from any thread. */
  void post(String key, ThrowingRunnable<? extends Exception> onTaskThread) {
    try {
      mailbox.execute(
          () -> {
            operator.setCurrentKey(key);
            onTaskThread.run();
          },
          description,
          key);
    } catch (RejectedExecutionException closing) {
      // The task is ending: what the work was for (a queued notification, a request's lease, a
      // period owed) is in the last checkpoint and is taken up again after the restore.
    }
  }
}
