package io.clickpulse.evaluate;

import io.clickpulse.evaluate.Evaluation.Kind;
import io.clickpulse.evaluate.Evaluation.Result;
import io.clickpulse.evaluate.Evaluation.Steady;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The evaluation as Markdown: recall, false alarms, delays, and each target met or missed. */
public final class Report {
  static final String BEGIN =
      "<!-- detection-quality:begin (./clickpulse evaluate --update-docs) -->";
  static final String END = "<!-- detection-quality:end -->";

  /** Recall for spikes of 5x and more lasting 3 minutes and more, at every level. */
  public static final double RECALL_TARGET = 0.95;

  /** False alarms per link-week on steady traffic, at every level. */
  public static final double FALSE_ALARMS_TARGET = 1.0;

  /** Minutes after the incident's first minute closes, at the 95th percentile. */
  public static final double DELAY_P95_TARGET = 2.0;

  private Report() {}

  public static String markdown(Result r) {
    StringBuilder md = new StringBuilder();
    md.append(
        String.format(
            Locale.ROOT,
            "%d seeds, the bundled rules.yaml defaults. Each incident is planted once per seed and"
                + " level on one campaign link with seasonal, mildly overdispersed traffic (4-5 h"
                + " before it to learn from); false alarms are counted on %d link-weeks per level"
                + " and traffic model.%n%n",
            r.seeds,
            r.seeds * r.weeksPerSeed));
    md.append("Recall: incidents detected / planted, by baseline human clicks per minute\n\n");
    header(md, "incident");
    for (Kind k : Kind.values()) {
      md.append("| ").append(k.label);
      for (int l = 0; l < Evaluation.LEVELS.length; l++) {
        md.append(" | ").append(Evaluation.percent(r.recall(k, l)));
      }
      md.append(" |\n");
    }
    md.append("| ").append(Kind.SPIKE_5X.label).append(": the best any detector can do");
    for (int level : Evaluation.LEVELS) {
      md.append(" | ").append(Evaluation.percent(bestSpikeRecall(Kind.SPIKE_5X, level)));
    }
    md.append(
        " |\n\nThe last row is an upper bound for any detector, on ideal traffic (Poisson at a"
            + " constant rate known exactly) with at most 1 false alarm a link-week and the"
            + " evaluation's detection window (the incident's minutes and 2 more): the Neyman-Pearson bound, `DetectionBound`. The traffic above is harder.\n");
    md.append("\nFalse alarms per link-week on steady traffic (spike, drop, broken redirect)\n\n");
    header(md, "traffic");
    for (Steady s : Steady.values()) {
      md.append("| ").append(s.label);
      for (int l = 0; l < Evaluation.LEVELS.length; l++) {
        md.append(" | ").append(Evaluation.number(r.falseAlarmsPerLinkWeek(s, l)));
      }
      md.append(" |\n");
    }
    md.append("\nFalse alarms by rule, all levels and traffic: ")
        .append(r.falseAlarmsByRule.isEmpty() ? "none" : r.falseAlarmsByRule.toString())
        .append(".\n");
    md.append(
        String.format(
            Locale.ROOT,
            "%nHuman clients flagged as bots: %d of %d.%n%n",
            r.humanClientsFlagged,
            r.humanClients));
    md.append("Detection delay: minutes from the close of the incident's first minute\n\n");
    md.append("| incident | detected | p50 | p95 |\n|---|---|---|---|\n");
    for (Kind k : Kind.values()) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %s | %s |%n",
              k.label,
              r.detectedCount(k),
              Evaluation.number(r.delay(k, 50)),
              Evaluation.number(r.delay(k, 95))));
    }
    md.append("\nTargets\n\n");
    for (String t : targets(r)) {
      md.append("- ").append(t).append('\n');
    }
    return md.toString();
  }

  /** Each target with MET or MISSED and where it was missed. */
  public static List<String> targets(Result r) {
    List<String> out = new ArrayList<>();
    List<String> low = new ArrayList<>();
    for (Kind k : List.of(Kind.SPIKE_5X, Kind.SPIKE_10X)) {
      for (int l = 0; l < Evaluation.LEVELS.length; l++) {
        if (r.recall(k, l) < RECALL_TARGET) {
          double best = bestSpikeRecall(k, Evaluation.LEVELS[l]);
          low.add(
              k.label
                  + " at "
                  + Evaluation.LEVELS[l]
                  + "/min: "
                  + Evaluation.percent(r.recall(k, l))
                  + (best < RECALL_TARGET
                      ? ", where no detector can find 95 %: at most "
                          + Evaluation.percent(best)
                          + " on ideal traffic"
                      : ""));
        }
      }
    }
    out.add(
        verdict("recall >= 95 % for spikes of 5x and more lasting 3 minutes, every level", low));
    List<String> noisy = new ArrayList<>();
    for (Steady s : Steady.values()) {
      for (int l = 0; l < Evaluation.LEVELS.length; l++) {
        double fa = r.falseAlarmsPerLinkWeek(s, l);
        if (fa > FALSE_ALARMS_TARGET) {
          noisy.add(
              s.name().toLowerCase(Locale.ROOT)
                  + " at "
                  + Evaluation.LEVELS[l]
                  + "/min: "
                  + Evaluation.number(fa));
        }
      }
    }
    out.add(verdict("at most 1 false alarm per link-week on steady traffic, every level", noisy));
    List<String> slow = new ArrayList<>();
    for (Kind k : Kind.values()) {
      double p95 = r.delay(k, 95);
      if (p95 > DELAY_P95_TARGET) {
        slow.add(k.label + ": p95 " + Evaluation.number(p95));
      }
    }
    out.add(verdict("p95 detection delay at most 2 minutes, every kind", slow));
    return out;
  }

  /** The bound for a spike kind at a level, with the false-alarm target as the budget. */
  static double bestSpikeRecall(Kind spike, int level) {
    return DetectionBound.bestRecall(
        level, spike.factor, spike.minutes, spike.minutes + 2, FALSE_ALARMS_TARGET);
  }

  private static String verdict(String target, List<String> misses) {
    return target
        + ": "
        + (misses.isEmpty() ? "MET" : "MISSED (" + String.join("; ", misses) + ")");
  }

  private static void header(StringBuilder md, String first) {
    md.append("| ").append(first);
    for (int level : Evaluation.LEVELS) {
      md.append(" | ").append(level);
    }
    md.append(" |\n|---");
    md.append("|---".repeat(Evaluation.LEVELS.length)).append("|\n");
  }

  /** Replaces the text between the markers in {@code docs} with the report. */
  public static void updateDocs(Path docs, String markdown) throws IOException {
    String text = Files.readString(docs, StandardCharsets.UTF_8);
    int begin = text.indexOf(BEGIN);
    int end = text.indexOf(END);
    if (begin < 0 || end < begin) {
      throw new IOException(docs + " has no " + BEGIN + " ... " + END + " section");
    }
    Files.writeString(
        docs,
        text.substring(0, begin + BEGIN.length()) + "\n" + markdown + text.substring(end),
        StandardCharsets.UTF_8);
  }
}
