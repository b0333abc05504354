package io.clickpulse.jobs.clickhouse;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.datasource.connections.SimpleJdbcConnectionProvider;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JDBC sink that writes only what a completed checkpoint holds. The rows a task receives between
 * two checkpoints become one committable at the barrier; it is kept in the checkpoint and inserted
 * once the checkpoint completes (again after a restore if that had not happened yet: the tables
 * this is for collapse identical rows).
 *
 * <p>For rows whose key depends on decisions a replay may take differently. Which clicks the bot
 * patterns catch depends on when watermarks reach them, which differs between an attempt and the
 * replay after a failure; an at-least-once sink keeps the rows the abandoned attempt wrote beside
 * the replay's, under another key ({@code is_bot}), and the click counts twice
 * (docs/reliability.md, scenario 9). Here an abandoned attempt writes nothing after its last
 * completed checkpoint. flink-connector-jdbc's exactly-once sink needs XA transactions, which
 * ClickHouse does not have.
 *
 * <p>The cost: rows land a checkpoint interval later, a checkpoint holds the rows of one interval,
 * and the task holds them in memory until a checkpoint completes (while checkpoints keep failing
 * they pile up, as the Kafka sinks' open transactions do).
 */
public final class CommittedJdbcSink<T>
    implements Sink<T>, SupportsCommitter<CommittedJdbcSink.Batch> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(CommittedJdbcSink.class);

  private final JdbcConnectionOptions connection;
  private final String insert;
  private final JdbcStatementBuilder<T> statementBuilder;
  private final TypeSerializer<T> rowSerializer;
  private final int batchSize;
  private final int maxRetries;

  /**
   * @param rowSerializer how the rows are kept in the checkpoint
   * @param batchSize rows per INSERT statement batch
   * @param maxRetries retries of a failed commit (reconnecting first) before the job fails over
   */
  public CommittedJdbcSink(
      JdbcConnectionOptions connection,
      String insert,
      JdbcStatementBuilder<T> statementBuilder,
      TypeSerializer<T> rowSerializer,
      int batchSize,
      int maxRetries) {
    this.connection = connection;
    this.insert = insert;
    this.statementBuilder = statementBuilder;
    this.rowSerializer = rowSerializer;
    this.batchSize = batchSize;
    this.maxRetries = maxRetries;
  }

  @Override
  public Rows<T> createWriter(WriterInitContext context) {
    return new Rows<>(rowSerializer.duplicate());
  }

  @Override
  public Inserts createCommitter(CommitterInitContext context) {
    return new Inserts(new SimpleJdbcConnectionProvider(connection));
  }

  @Override
  public SimpleVersionedSerializer<Batch> getCommittableSerializer() {
    return new BatchSerializer();
  }

  /**
   * The rows one task received between two checkpoints, serialized once as they arrive: Flink's
   * committer keeps its committables in nested lists and serializes each one 8 times a checkpoint
   * (Flink 2.2's {@code SimpleVersionedSerialization.writeVersionAndSerializeList} serializes every
   * element twice, at each of three levels), which for objects cost a tenth of the pipeline's CPU
   * (bench/README.md). As bytes it costs a copy, and the task holds bytes, not objects.
   *
   * @param rows how many rows {@code bytes} holds, one after the other
   */
  public record Batch(int rows, byte[] bytes) {}

  /** Serializes the rows until the next checkpoint barrier (or the end of the input). */
  static final class Rows<T> implements CommittingSinkWriter<T, Batch> {
    private final TypeSerializer<T> rowSerializer;
    private final DataOutputSerializer buffer = new DataOutputSerializer(64 * 1024);
    private int rows;

    Rows(TypeSerializer<T> rowSerializer) {
      this.rowSerializer = rowSerializer;
    }

    @Override
    public void write(T row, Context context) throws IOException {
      rowSerializer.serialize(row, buffer);
      rows++;
    }

    @Override
    public void flush(boolean endOfInput) {
      // Nothing is written before the checkpoint that holds it completes.
    }

    @Override
    public Collection<Batch> prepareCommit() {
      if (rows == 0) {
        return List.of();
      }
      Batch committable = new Batch(rows, buffer.getCopyOfBuffer());
      buffer.clear();
      rows = 0;
      return List.of(committable);
    }

    @Override
    public void close() {
      // The rows of no completed checkpoint: replayed from the source.
      buffer.clear();
      rows = 0;
    }
  }

  /** Inserts the rows of completed checkpoints, in batches of {@code batchSize}. */
  final class Inserts implements Committer<Batch> {
    private final SimpleJdbcConnectionProvider connections;
    private final TypeSerializer<T> rowSerializer =
        CommittedJdbcSink.this.rowSerializer.duplicate();

    Inserts(SimpleJdbcConnectionProvider connections) {
      this.connections = connections;
    }

    @Override
    public void commit(Collection<CommitRequest<Batch>> requests)
        throws IOException, InterruptedException {
      for (CommitRequest<Batch> request : requests) {
        insertWithRetries(rows(request.getCommittable(), rowSerializer));
      }
    }

    private void insertWithRetries(List<T> rows) throws IOException, InterruptedException {
      for (int attempt = 0; ; attempt++) {
        try {
          insertAll(rows);
          return;
        } catch (SQLException | ClassNotFoundException e) {
          connections.closeConnection();
          if (attempt >= maxRetries) {
            // The job fails over, restores the checkpoint that holds these rows and commits again.
            throw new IOException(
                "Could not insert " + rows.size() + " rows after " + (attempt + 1) + " attempts",
                e);
          }
          LOG.warn("Inserting {} rows failed (attempt {}), retrying", rows.size(), attempt + 1, e);
          Thread.sleep(1000L * (attempt + 1)); // the back-off of flink-connector-jdbc's writer
        }
      }
    }

    private void insertAll(List<T> rows) throws SQLException, ClassNotFoundException {
      Connection c = connections.getOrEstablishConnection();
      try (PreparedStatement statement = c.prepareStatement(insert)) {
        int pending = 0;
        for (T row : rows) {
          statementBuilder.accept(statement, row);
          statement.addBatch();
          if (++pending == batchSize) {
            statement.executeBatch();
            pending = 0;
          }
        }
        if (pending > 0) {
          statement.executeBatch();
        }
      }
    }

    @Override
    public void close() {
      connections.closeConnection();
    }
  }

  /** A batch's rows, read back. */
  static <T> List<T> rows(Batch batch, TypeSerializer<T> rowSerializer) throws IOException {
    DataInputDeserializer in = new DataInputDeserializer(batch.bytes());
    List<T> rows = new ArrayList<>(batch.rows());
    for (int i = 0; i < batch.rows(); i++) {
      rows.add(rowSerializer.deserialize(in));
    }
    return rows;
  }

  /**
   * A batch as the checkpoint keeps it: its row count, then its rows (the layout of version 1,
   * which serialized a list of rows, so checkpoints taken before batches restore).
   */
  static final class BatchSerializer implements SimpleVersionedSerializer<Batch> {
    @Override
    public int getVersion() {
      return 1;
    }

    @Override
    public byte[] serialize(Batch batch) {
      byte[] out = new byte[Integer.BYTES + batch.bytes().length];
      ByteBuffer.wrap(out).putInt(batch.rows()).put(batch.bytes());
      return out;
    }

    @Override
    public Batch deserialize(int version, byte[] serialized) throws IOException {
      if (version != 1) {
        throw new IOException("Unknown version " + version + " of committed JDBC rows");
      }
      ByteBuffer in = ByteBuffer.wrap(serialized);
      int rows = in.getInt();
      byte[] bytes = new byte[in.remaining()];
      in.get(bytes);
      return new Batch(rows, bytes);
    }
  }
}
