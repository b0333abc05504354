package io.clickpulse.jobs.clickhouse;

import io.clickpulse.jobs.sink.FailoverSafeWriter;
import java.io.IOException;
import java.util.Collection;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.apache.flink.api.common.JobInfo;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;
import org.apache.flink.connector.jdbc.core.datastream.sink.committer.JdbcCommitable;
import org.apache.flink.connector.jdbc.core.datastream.sink.writer.JdbcWriter;
import org.apache.flink.connector.jdbc.core.datastream.sink.writer.JdbcWriterState;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.apache.flink.util.UserCodeClassLoader;

/**
 * flink-connector-jdbc's sink, except that a batch it cannot write while its task is already
 * failing no longer takes the whole TaskManager down ({@link FailoverSafeWriter}).
 *
 * <p>The connector's writer flushes its batch once more in {@code close()} and throws if that
 * fails, which with ClickHouse unreachable ended the TaskManager (docs/reliability.md); why
 * dropping that batch is safe is in {@link FailoverSafeWriter}.
 */
public final class FailoverSafeJdbcSink<T>
    implements Sink<T>, SupportsWriterState<T, JdbcWriterState>, SupportsCommitter<JdbcCommitable> {
  private static final long serialVersionUID = 1L;

  private final JdbcSink<T> sink;
  private final boolean copyRecords;

  public FailoverSafeJdbcSink(JdbcSink<T> sink) {
    this(sink, true);
  }

  private FailoverSafeJdbcSink(JdbcSink<T> sink, boolean copyRecords) {
    this.sink = sink;
    this.copyRecords = copyRecords;
  }

  /**
   * This sink, batching the records it gets as they are. With object reuse on, the connector copies
   * every record it batches (a deep copy of a click was a tenth of its task thread's CPU), in case
   * the operator before it changes the record after handing it on. Only for a stream whose
   * operators never change a record once they have emitted it.
   */
  public FailoverSafeJdbcSink<T> batchingRecordsAsIs() {
    return new FailoverSafeJdbcSink<>(sink, false);
  }

  @Override
  public FailoverSafeWriter<T, JdbcWriterState, JdbcCommitable, JdbcWriter<T>> createWriter(
      WriterInitContext context) throws IOException {
    return new FailoverSafeWriter<>(sink.createWriter(writerContext(context)));
  }

  @Override
  public FailoverSafeWriter<T, JdbcWriterState, JdbcCommitable, JdbcWriter<T>> restoreWriter(
      WriterInitContext context, Collection<JdbcWriterState> states) throws IOException {
    return new FailoverSafeWriter<>(sink.restoreWriter(writerContext(context), states));
  }

  /** The context the connector's writer gets: it copies records only when object reuse is on. */
  WriterInitContext writerContext(WriterInitContext context) {
    return copyRecords || !context.isObjectReuseEnabled() ? context : new RecordsAsIs(context);
  }

  @Override
  public SimpleVersionedSerializer<JdbcWriterState> getWriterStateSerializer() {
    return sink.getWriterStateSerializer();
  }

  @Override
  public Committer<JdbcCommitable> createCommitter(CommitterInitContext context)
      throws IOException {
    return sink.createCommitter(context);
  }

  @Override
  public SimpleVersionedSerializer<JdbcCommitable> getCommittableSerializer() {
    return sink.getCommittableSerializer();
  }

  /** The task's writer context, except that it tells the connector not to copy records. */
  private record RecordsAsIs(WriterInitContext context) implements WriterInitContext {
    @Override
    public boolean isObjectReuseEnabled() {
      return false;
    }

    @Override
    public UserCodeClassLoader getUserCodeClassLoader() {
      return context.getUserCodeClassLoader();
    }

    @Override
    public MailboxExecutor getMailboxExecutor() {
      return context.getMailboxExecutor();
    }

    @Override
    public ProcessingTimeService getProcessingTimeService() {
      return context.getProcessingTimeService();
    }

    @Override
    public SinkWriterMetricGroup metricGroup() {
      return context.metricGroup();
    }

    @Override
    public SerializationSchema.InitializationContext asSerializationSchemaInitializationContext() {
      return context.asSerializationSchemaInitializationContext();
    }

    @Override
    public <IN> TypeSerializer<IN> createInputSerializer() {
      return context.createInputSerializer();
    }

    @Override
    public <MetaT> Optional<Consumer<MetaT>> metadataConsumer() {
      return context.metadataConsumer();
    }

    @Override
    public OptionalLong getRestoredCheckpointId() {
      return context.getRestoredCheckpointId();
    }

    @Override
    public JobInfo getJobInfo() {
      return context.getJobInfo();
    }

    @Override
    public TaskInfo getTaskInfo() {
      return context.getTaskInfo();
    }
  }
}
