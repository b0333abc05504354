package io.clickpulse.jobs.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What an incident does next, from its fields alone: a table of states. */
class TicketIncidentTest {
  private static final long H = TicketIncident.REPEAT_EVERY_MILLIS;

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      textBlock =
          """
          new incident                          | -  | false | false | false | false | 0     | 0      | SEARCH          | 0      | false
          searched, none found                  | -  | true  | false | false | false | 0     | 0      | OPEN            | 0      | false
          resolved while searching, none found  | -  | true  | true  | false | false | 0     | 0      | DONE            | 0      | false
          resolved before any search            | -  | false | true  | false | false | 0     | 0      | SEARCH          | 0      | false
          open, quiet                           | 42 | true  | false | false | false | 0     | 100    | -               | 172800000 | false
          open, fired again within the hour     | 42 | true  | false | false | true  | 0     | 100    | -               | 3600000 | false
          open, fired again, hour is up         | 42 | true  | false | false | true  | 0     | 3600000 | COMMENT        | 3600000 | false
          resolved                              | 42 | true  | true  | false | false | 0     | 100    | RESOLVE_COMMENT | 0      | false
          resolved and commented                | 42 | true  | true  | true  | false | 0     | 100    | CLOSE           | 0      | false
          open, quiet, past its resolve-timeout | 42 | true  | false | false | false | 0     | 172800000 | -            | 172800000 | true
          """)
  void nextStep(
      String name,
      String ticket,
      boolean searched,
      boolean resolved,
      boolean resolveCommented,
      boolean repeatPending,
      long lastCommentAt,
      long now,
      TicketIncident.Action next,
      long wakeAt,
      boolean expired) {
    TicketIncident s = new TicketIncident();
    s.ticket = ticket;
    s.searched = searched;
    s.resolved = resolved;
    s.resolveCommented = resolveCommented;
    s.repeatPending = repeatPending;
    s.lastCommentAt = lastCommentAt;
    s.expiresAt = 48 * H;
    s.dueAt = 0;
    assertEquals(next, s.next(now), "next");
    assertEquals(wakeAt, s.wakeAt(), "wake at");
    assertEquals(expired, s.expired(now), "expired");
  }

  @ParameterizedTest(name = "lease until {0}")
  @CsvSource({"7000", "12000"})
  void aRequestUnderWayWakesAtTheEndOfItsLeaseAndNeverExpires(long lease) {
    TicketIncident s = new TicketIncident();
    s.ticket = "42";
    s.searched = true;
    s.leaseUntil = lease;
    s.expiresAt = 0;
    assertEquals(lease, s.wakeAt());
    assertEquals(false, s.expired(lease));
  }
}
