package io.clickpulse.bench;

import java.time.Duration;
import java.util.List;

/**
 * What a throughput measure saw.
 *
 * @param events input records the system read
 * @param wall from the job's submission (or the consumers' start) until every result was visible
 * @param net Flink's own runtime of the job (created to finished); null where there is no job
 * @param check what the system produced, to show the run did the work (rows, counters)
 * @param threads CPU by thread group in this JVM during the run, where measured
 * @param ledger the system's stored counts against the input's ledger
 * @param job the Flink job's accumulators and checkpointed state, where measured (else null)
 */
public record Throughput(
    long events,
    Duration wall,
    Duration net,
    String check,
    List<String> threads,
    List<LedgerCheck> ledger,
    JobFacts job) {
  public Throughput(long events, Duration wall, Duration net, String check) {
    this(events, wall, net, check, List.of());
  }

  public Throughput(long events, Duration wall, Duration net, String check, List<String> threads) {
    this(events, wall, net, check, threads, List.of(), null);
  }

  public Throughput withLedger(List<LedgerCheck> checks) {
    return new Throughput(events, wall, net, check, threads, List.copyOf(checks), job);
  }

  public Throughput withJob(JobFacts facts) {
    return new Throughput(events, wall, net, check, threads, ledger, facts);
  }

  public double rate() {
    return perSecond(wall);
  }

  public double netRate() {
    return net == null ? Double.NaN : perSecond(net);
  }

  private double perSecond(Duration d) {
    return events / (d.toNanos() / 1e9);
  }
}
