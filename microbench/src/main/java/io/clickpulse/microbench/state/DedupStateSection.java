package io.clickpulse.microbench.state;

import io.clickpulse.jobs.JobEnvironment;
import io.clickpulse.microbench.Progress;
import io.clickpulse.microbench.Results;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Dedup state per remembered event id: the production layout at every requested N (UUID ids); at
 * the smallest N also with Snappy (the key's share of the saving), the layout before issue 15, and
 * both with the generator's shorter ids.
 */
public final class DedupStateSection {
  static final double TARGET_BYTES_PER_ID = 32;
  static final long TEN_MILLION = 10_000_000L;

  /** The job's own state backend settings ({@code JobEnvironment}). */
  static final Map<String, String> JOB_BACKEND = Map.of();

  /** RocksDB's and Flink's default compression, the job's before issue 15. */
  static final Map<String, String> SNAPPY =
      Map.of("state.backend.rocksdb.compression.per.level", "SNAPPY_COMPRESSION");

  private DedupStateSection() {}

  public static void run(List<Long> sizes, Path workDir, Results results) throws Exception {
    long smallest = sizes.stream().min(Long::compare).orElseThrow();
    Results.Table table =
        results.table(
            "Dedup state per remembered event id (RocksDB, as JobEnvironment configures it)",
            "layout",
            "compression",
            "event ids",
            "N ids",
            "load ids/s",
            "key B",
            "value B",
            "SST B/id",
            "checkpoint B/id",
            "savepoint B/id",
            "checkpoint at 10M ids",
            "target <= 32 B/id");
    RocksDbView.Scan currentSample = null;
    for (long n : sizes) {
      currentSample =
          probe(DedupLayout.CURRENT, JOB_BACKEND, EventIds.UUID_V4, n, workDir, table, results)
              .scan();
    }
    probe(DedupLayout.CURRENT, SNAPPY, EventIds.UUID_V4, smallest, workDir, table, results);
    probe(DedupLayout.STRING, SNAPPY, EventIds.UUID_V4, smallest, workDir, table, results);
    probe(DedupLayout.CURRENT, JOB_BACKEND, EventIds.GENERATOR, smallest, workDir, table, results);
    probe(DedupLayout.STRING, SNAPPY, EventIds.GENERATOR, smallest, workDir, table, results);

    table
        .note(
            "Each row feeds N distinct ids through the production DeduplicateClicks function in"
                + " Flink's KeyedOneInputStreamOperatorTestHarness on the RocksDB backend that"
                + " JobEnvironment configures (incremental checkpoints, max parallelism 128, the"
                + " job's 24 h TTL); rows with compression Snappy set RocksDB's default"
                + " compression instead of the job's, and the \"before\" rows are the job before"
                + " issue 15 (string key, Snappy).")
        .note(
            "key B and value B are the exact bytes of one RocksDB entry, read back from the column"
                + " family: key = key-group prefix + serialized key + namespace; value = the TTL's"
                + " 8-byte timestamp + the 8-byte content hash.")
        .note(
            "SST B/id is rocksdb.total-sst-files-size after a full compaction (RocksDB's block"
                + " format, its per-entry framing, key prefix compression and index, compressed"
                + " blocks) divided by N; checkpoint B/id is the state size of an incremental"
                + " checkpoint taken then (the SST files plus RocksDB's manifest and options"
                + " files); savepoint B/id is a canonical savepoint (Flink's own format,"
                + " uncompressed).")
        .note(
            "\"checkpoint at 10M ids\" is measured where N = 10,000,000 and otherwise the measured"
                + " checkpoint B/id x 10,000,000 (marked fit). Memory for RocksDB's block cache and"
                + " memtables is not included.");
    if (currentSample != null) {
      table.note(
          "A production entry, hex: key "
              + HexFormat.of().formatHex(currentSample.sampleKey())
              + ", value "
              + HexFormat.of().formatHex(currentSample.sampleValue())
              + ".");
    }
  }

  private static DedupStateProbe.Measurement probe(
      DedupLayout<?> layout,
      Map<String, String> backendOptions,
      EventIds ids,
      long n,
      Path workDir,
      Results.Table table,
      Results results)
      throws Exception {
    String compression = backendOptions == SNAPPY ? "snappy" : "job's";
    Progress.say(
        "state: %s, %s compression, %s, %,d ids", layout.description(), compression, ids, n);
    Path dir =
        Files.createDirectories(
            workDir.resolve("state-" + layout.name() + "-" + compression + "-" + n));
    DedupStateProbe.Measurement m;
    try {
      m = DedupStateProbe.measure(layout, ids, n, dir, backendOptions);
    } finally {
      deleteRecursively(dir);
    }
    if (m.passed() != n || m.scan().entries() != n) {
      throw new IllegalStateException(
          layout.name()
              + ": "
              + n
              + " distinct ids, but "
              + m.passed()
              + " passed and "
              + m.scan().entries()
              + " are remembered");
    }
    double checkpointPerId = m.perId(m.checkpointBytes());
    String atTenMillion =
        n == TEN_MILLION
            ? mib(m.checkpointBytes())
            : mib((long) (checkpointPerId * TEN_MILLION)) + " (fit)";
    table.row(
        layout.description(),
        backendOptions == SNAPPY ? "Snappy" : JobEnvironment.ROCKSDB_COMPRESSION.name(),
        ids.description(),
        String.format("%,d", n),
        n / m.loadSeconds(),
        m.keyBytesPerId(),
        m.valueBytesPerId(),
        m.perId(m.sstBytes()),
        checkpointPerId,
        m.perId(m.savepointBytes()),
        atTenMillion,
        checkpointPerId <= TARGET_BYTES_PER_ID ? "met" : "missed");
    String key =
        "state."
            + layout.name()
            + (backendOptions == SNAPPY ? ".snappy." : ".")
            + ids.name().toLowerCase()
            + "."
            + n;
    results.figure(key + ".key_bytes", m.keyBytesPerId());
    results.figure(key + ".value_bytes", m.valueBytesPerId());
    results.figure(key + ".sst_bytes_per_id", m.perId(m.sstBytes()));
    results.figure(key + ".live_data_bytes_per_id", m.perId(m.liveDataBytes()));
    results.figure(key + ".checkpoint_bytes_per_id", checkpointPerId);
    results.figure(key + ".savepoint_bytes_per_id", m.perId(m.savepointBytes()));
    results.figure(key + ".load_ids_per_s", n / m.loadSeconds());
    Progress.say(
        "state: %s %,d ids: %.1f B/id in the checkpoint, %.1f B/id SST, loaded in %.1f s",
        layout.name(), n, checkpointPerId, m.perId(m.sstBytes()), m.loadSeconds());
    return m;
  }

  private static String mib(long bytes) {
    return Results.number(bytes / 1048576.0) + " MiB";
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
