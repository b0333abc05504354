package io.clickpulse.jobs.delivery;

import java.util.concurrent.RejectedExecutionException;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.YieldingOperator;

/**
 * Runs {@link DeliverNotifications} with its sends off the task thread: an HTTP result comes back
 * through the task's mailbox (so it touches keyed state on the task thread, between records and
 * never during a checkpoint) and fires a timer for its destination, where the function handles it
 * with that destination's state. One slow receiver then delays neither the other destinations nor
 * checkpoints. See docs/delivery.md for why not Async I/O.
 */
public final class DeliverOperator
    extends KeyedProcessOperator<String, Notification, DeliveryAttempt>
    implements YieldingOperator<DeliveryAttempt> {
  private transient MailboxExecutor mailbox;
  private transient InternalTimerService<VoidNamespace> timers;

  public DeliverOperator(DeliverNotifications function) {
    super(function);
  }

  @Override
  public void setMailboxExecutor(MailboxExecutor mailboxExecutor) {
    this.mailbox = mailboxExecutor;
  }

  @Override
  public void open() throws Exception {
    super.open();
    // The same timer service the function's timers use (it is registered under this name).
    timers = getInternalTimerService("user-timers", VoidNamespaceSerializer.INSTANCE, this);
    ((DeliverNotifications) userFunction).setResultChannel(this::deliver);
  }

  /** Called from an HTTP client thread. */
  private void deliver(String key, Runnable action) {
    try {
      mailbox.execute(
          () -> {
            action.run();
            setCurrentKey(key);
            timers.registerProcessingTimeTimer(
                VoidNamespace.INSTANCE, getProcessingTimeService().getCurrentProcessingTime());
          },
          "delivery result for %s",
          key);
    } catch (RejectedExecutionException closing) {
      // The task is ending: the notification is still queued in the last checkpoint.
    }
  }
}
