package io.clickpulse.bench;

/**
 * One stored count of one system against what the input's ledger says it must be.
 *
 * @param system the measure ("ClickPulse pipeline", "sink ceiling", ...)
 * @param what the count, e.g. "clicks rows (FINAL)"
 * @param expected from the ledger
 * @param actual what the system stored or counted
 */
public record LedgerCheck(String system, String what, long expected, long actual) {
  public boolean passed() {
    return expected == actual;
  }
}
