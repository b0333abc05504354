package io.clickpulse.evaluate;

import io.clickpulse.evaluate.nab.NabReport;
import io.clickpulse.evaluate.nab.NabSeries;
import io.clickpulse.jobs.alert.AlertRules;
import java.nio.file.Path;

/**
 * {@code ./clickpulse evaluate [--seeds 50] [--weeks 1] [--rules FILE] [--update-docs FILE]}: runs
 * the shipped alert rules on labelled scenarios and prints recall per incident kind and traffic
 * level, false alarms per link-week and detection delay, each target met or missed (docs/alerts.md,
 * "Detection quality"). Exits 1 if a target is missed.
 */
public final class Evaluate {
  private Evaluate() {}

  public static void main(String[] args) throws Exception {
    int seeds = 50;
    int weeks = 1;
    AlertRules rules = AlertRules.bundled();
    Path docs = null;
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--seeds" -> seeds = positive("--seeds", value);
        case "--weeks" -> weeks = positive("--weeks", value);
        case "--rules" -> rules = AlertRules.load(Path.of(need("--rules", value)));
        case "--update-docs" -> docs = Path.of(need("--update-docs", value));
        default -> usage("unknown option " + args[i]);
      }
      i++;
    }
    long started = System.nanoTime();
    Evaluation.Result result = new Evaluation(rules).run(seeds, weeks);
    String markdown = Report.markdown(result);
    System.out.print(markdown);
    System.out.printf("%n(%.1f s)%n", (System.nanoTime() - started) / 1e9);
    if (docs != null) {
      Report.updateDocs(docs, markdown);
      System.out.println("Updated " + docs);
    }
    // Real labelled series (NAB realTweets), through the same rules, when the data is at hand;
    // their targets count for the exit code like the generated ones.
    AlertRules shipped = rules;
    boolean nabMet =
        NabSeries.locateDataDir()
            .map(
                dir -> {
                  NabReport nab =
                      NabReport.run(dir, new ShippedNabDetector(new ShippedEpisodes(shipped)));
                  System.out.println();
                  System.out.print(nab.format());
                  return nab.targetsMet();
                })
            .orElseGet(
                () -> {
                  System.out.println(
                      "\nNAB series not found (" + NabSeries.DATA_DIR + "): skipped");
                  return true;
                });
    boolean met = nabMet && Report.targets(result).stream().allMatch(t -> t.endsWith(": MET"));
    System.exit(met ? 0 : 1);
  }

  private static String need(String option, String value) {
    if (value == null) {
      usage(option + " needs a value");
    }
    return value;
  }

  private static int positive(String option, String value) {
    try {
      int n = Integer.parseInt(need(option, value));
      if (n < 1) {
        usage(option + " must be at least 1");
      }
      return n;
    } catch (NumberFormatException e) {
      usage(option + " must be a number: " + value);
      return 0;
    }
  }

  private static void usage(String problem) {
    System.err.println("evaluate: " + problem);
    System.err.println(
        "usage: ./clickpulse evaluate [--seeds 50] [--weeks 1] [--rules FILE] [--update-docs FILE]");
    System.exit(2);
  }
}
