package io.clickpulse.evaluate;

/**
 * {@code ./clickpulse evaluate}: runs the shipped alert rules on labelled scenarios and on the real
 * NAB series and prints recall, false alarms and detection delay (docs/alerts.md).
 */
public final class Evaluate {
  private Evaluate() {}

  public static void main(String[] args) {
    System.err.println("evaluate: not built yet (issue #16 part 6)");
    System.exit(2);
  }
}
