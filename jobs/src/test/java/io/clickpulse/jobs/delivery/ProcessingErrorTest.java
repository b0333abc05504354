package io.clickpulse.jobs.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The dead-letter reason of a notification that threw: useful, one line, and never a secret. */
class ProcessingErrorTest {
  private static final DeliveryConfig.ResolvedDestination HOOK =
      new DeliveryConfig.ResolvedDestination(
          "hook", "webhook", "https://hooks.example/T0/SECRETPATH", List.of("whsec_AAA"), 1);

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "boom                                               | : boom",
        "'first line\nsecond line'                          | : first line",
        "'bad uri https://hooks.example/T0/SECRETPATH'      | : bad uri <url>",
        "'key whsec_AAA rejected'                           | : key <secret> rejected",
        "''                                                 | ''",
      })
  void theReasonNamesTheErrorAndWhereButNoSecret(String message, String expectedTail) {
    IllegalStateException e = new IllegalStateException(message);
    e.setStackTrace(
        new StackTraceElement[] {
          new StackTraceElement("io.x.Messages", "slack", "Messages.java", 7)
        });
    assertEquals(
        "processing_error: java.lang.IllegalStateException at io.x.Messages.slack(Messages.java:7)"
            + expectedTail,
        DeliverNotifications.processingError(e, HOOK));
  }
}
