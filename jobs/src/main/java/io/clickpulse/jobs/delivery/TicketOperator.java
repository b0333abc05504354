package io.clickpulse.jobs.delivery;

/**
 * Runs {@link TicketFunction} with its requests off the task thread ({@link OffTaskOperator}): a
 * result fires a timer of its incident, handled there with the incident's state.
 */
public final class TicketOperator extends OffTaskOperator<Routed> {
  public TicketOperator(TicketFunction function) {
    super(function, "ticket result for %s");
  }

  @Override
  protected void connect(DeliverNotifications.ResultChannel channel) {
    ((TicketFunction) userFunction).setResultChannel(channel);
  }
}
