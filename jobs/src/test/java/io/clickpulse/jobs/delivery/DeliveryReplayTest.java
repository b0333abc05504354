package io.clickpulse.jobs.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which dead letters a replay sends: wanted by its options and not delivered before. */
class DeliveryReplayTest {

  @ParameterizedTest(
      name = "{0} {1} option-destination={2} option-id={3} recorded={4} this-run={5} -> {6}")
  @CsvSource(
      nullValues = "-",
      value = {
        // destination, webhook id, --destination, --webhook-id, recorded delivered, sent this run
        "slack, a1.firing, -, -, false, -, SEND",
        "slack, a1.firing, -, -, true, -, ALREADY_DELIVERED",
        "slack, a1.firing, -, -, false, slack, ALREADY_DELIVERED",
        "slack, a1.firing, -, -, false, hook, SEND", // the same id went to another destination
        "slack, a1.firing, slack, -, false, -, SEND",
        "slack, a1.firing, hook, -, false, -, NOT_WANTED",
        "slack, a1.firing, -, a1.firing, false, -, SEND",
        "slack, a1.firing, -, a2.firing, false, -, NOT_WANTED",
        "slack, a1.firing, hook, -, true, -, NOT_WANTED",
        "'', topic/0@12, -, -, false, -, NOT_WANTED", // an unreadable alert record
      })
  void sendsOnlyWhatIsWantedAndNotDeliveredBefore(
      String destination,
      String webhookId,
      String optionDestination,
      String optionWebhookId,
      boolean recorded,
      String sentThisRunTo,
      String expected) {
    DeliveryDeadLetter letter = new DeliveryDeadLetter();
    letter.destination = destination;
    letter.webhookId = webhookId;
    letter.alert =
        destination.isEmpty()
            ? null
            : DeliverNotificationsTest.notification(destination, "a1").alert;
    Set<String> sent = Set.of();
    if (sentThisRunTo != null) {
      DeliveryDeadLetter earlier = new DeliveryDeadLetter();
      earlier.destination = sentThisRunTo;
      earlier.webhookId = webhookId;
      sent = Set.of(DeliveryReplay.key(earlier));
    }
    DeliveryReplay.Skip skip =
        DeliveryReplay.skip(letter, optionDestination, optionWebhookId, recorded, sent);
    assertEquals(expected, skip == null ? "SEND" : skip.name());
  }
}
