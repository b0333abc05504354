package io.clickpulse.jobs.clickhouse;

import java.io.IOException;
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
public final class CommittedJdbcSink<T> implements Sink<T>, SupportsCommitter<List<T>> {
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
    return new Rows<>();
  }

  @Override
  public Inserts createCommitter(CommitterInitContext context) {
    return new Inserts(new SimpleJdbcConnectionProvider(connection));
  }

  @Override
  public SimpleVersionedSerializer<List<T>> getCommittableSerializer() {
    return new RowsSerializer<>(rowSerializer.duplicate());
  }

  /** Collects the rows until the next checkpoint barrier (or the end of the input). */
  static final class Rows<T> implements CommittingSinkWriter<T, List<T>> {
    private List<T> rows = new ArrayList<>();

    @Override
    public void write(T row, Context context) {
      rows.add(row);
    }

    @Override
    public void flush(boolean endOfInput) {
      // Nothing is written before the checkpoint that holds it completes.
    }

    @Override
    public Collection<List<T>> prepareCommit() {
      if (rows.isEmpty()) {
        return List.of();
      }
      List<T> committable = rows;
      rows = new ArrayList<>();
      return List.of(committable);
    }

    @Override
    public void close() {
      rows = List.of(); // the rows of no completed checkpoint: replayed from the source
    }
  }

  /** Inserts the rows of completed checkpoints, in batches of {@code batchSize}. */
  final class Inserts implements Committer<List<T>> {
    private final SimpleJdbcConnectionProvider connections;

    Inserts(SimpleJdbcConnectionProvider connections) {
      this.connections = connections;
    }

    @Override
    public void commit(Collection<CommitRequest<List<T>>> requests)
        throws IOException, InterruptedException {
      for (CommitRequest<List<T>> request : requests) {
        insertWithRetries(request.getCommittable());
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

  /** A committable's rows, as the checkpoint keeps them. */
  static final class RowsSerializer<T> implements SimpleVersionedSerializer<List<T>> {
    private final TypeSerializer<T> rowSerializer;

    RowsSerializer(TypeSerializer<T> rowSerializer) {
      this.rowSerializer = rowSerializer;
    }

    @Override
    public int getVersion() {
      return 1;
    }

    @Override
    public byte[] serialize(List<T> rows) throws IOException {
      DataOutputSerializer out = new DataOutputSerializer(64 * (rows.size() + 1));
      out.writeInt(rows.size());
      for (T row : rows) {
        rowSerializer.serialize(row, out);
      }
      return out.getCopyOfBuffer();
    }

    @Override
    public List<T> deserialize(int version, byte[] serialized) throws IOException {
      if (version != 1) {
        throw new IOException("Unknown version " + version + " of committed JDBC rows");
      }
      DataInputDeserializer in = new DataInputDeserializer(serialized);
      int size = in.readInt();
      List<T> rows = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        rows.add(rowSerializer.deserialize(in));
      }
      return rows;
    }
  }
}
