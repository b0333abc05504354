package io.clickpulse.jobs.delivery;

import java.util.concurrent.RejectedExecutionException;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.YieldingOperator;

/**
 * Runs {@link TicketFunction} with its requests off the task thread, as {@link DeliverOperator}
 * runs deliveries: a result comes back through the task's mailbox and fires a timer of its
 * incident, handled there with the incident's state.
 */
public final class TicketOperator extends KeyedProcessOperator<String, Routed, DeliveryAttempt>
    implements YieldingOperator<DeliveryAttempt> {
  private transient MailboxExecutor mailbox;
  private transient InternalTimerService<VoidNamespace> timers;

  public TicketOperator(TicketFunction function) {
    super(function);
  }

  @Override
  public void setMailboxExecutor(MailboxExecutor mailboxExecutor) {
    this.mailbox = mailboxExecutor;
  }

  @Override
  public void open() throws Exception {
    super.open();
    timers = getInternalTimerService("user-timers", VoidNamespaceSerializer.INSTANCE, this);
    ((TicketFunction) userFunction).setResultChannel(this::deliver);
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
          "ticket result for %s",
          key);
    } catch (RejectedExecutionException closing) {
      // The task is ending: the request's lease is in the last checkpoint.
    }
  }
}
