package io.clickpulse.jobs.delivery;

import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.YieldingOperator;

/**
 * Runs a keyed function whose sends go off the task thread ({@link DeliverNotifications}, {@link
 * TicketFunction}): a result comes back through the task's mailbox (see {@link KeyedMailbox}) and
 * fires a timer for its key, where the function handles it with that key's state. One slow receiver
 * then delays neither the other keys nor checkpoints. See docs/delivery.md for why not Async I/O.
 * Subclasses only hand the function its {@link DeliverNotifications.ResultChannel}.
 */
public abstract class OffTaskOperator<IN> extends KeyedProcessOperator<String, IN, DeliveryAttempt>
    implements YieldingOperator<DeliveryAttempt> {
  private final String resultDescription;
  private transient MailboxExecutor mailbox;

  /**
   * @param resultDescription the name of a result's mail, with one {@code %s} for the key
   */
  protected OffTaskOperator(
      KeyedProcessFunction<String, IN, DeliveryAttempt> function, String resultDescription) {
    super(function);
    this.resultDescription = resultDescription;
  }

  /** Hands the function (in {@code userFunction}) the channel its results come back through. */
  protected abstract void connect(DeliverNotifications.ResultChannel channel);

  @Override
  public final void setMailboxExecutor(MailboxExecutor mailboxExecutor) {
    this.mailbox = mailboxExecutor;
  }

  @Override
  public final void open() throws Exception {
    super.open();
    // The same timer service the function's timers use (it is registered under this name).
    InternalTimerService<VoidNamespace> timers =
        getInternalTimerService("user-timers", VoidNamespaceSerializer.INSTANCE, this);
    KeyedMailbox results = new KeyedMailbox(mailbox, this, resultDescription);
    // Called from a client thread.
    connect(
        (key, action) ->
            results.post(
                key,
                () -> {
                  action.run();
                  timers.registerProcessingTimeTimer(
                      VoidNamespace.INSTANCE,
                      getProcessingTimeService().getCurrentProcessingTime());
                }));
  }
}
