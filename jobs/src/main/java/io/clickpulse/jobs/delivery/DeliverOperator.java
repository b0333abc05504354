package io.clickpulse.jobs.delivery;

/**
 * Runs {@link DeliverNotifications} with its sends off the task thread ({@link OffTaskOperator}).
 */
public final class DeliverOperator extends OffTaskOperator<Notification> {
  public DeliverOperator(DeliverNotifications function) {
    super(function, "delivery result for %s");
  }

  @Override
  protected void connect(DeliverNotifications.ResultChannel channel) {
    ((DeliverNotifications) userFunction).setResultChannel(channel);
  }
}
