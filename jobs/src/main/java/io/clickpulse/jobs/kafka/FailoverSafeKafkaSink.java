package io.clickpulse.jobs.kafka;

import io.clickpulse.jobs.sink.FailoverSafeWriter;
import java.io.IOException;
import java.util.Collection;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.kafka.sink.KafkaCommittable;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaWriterState;
import org.apache.flink.connector.kafka.sink.TwoPhaseCommittingStatefulSink;
import org.apache.flink.connector.kafka.sink.TwoPhaseCommittingStatefulSink.PrecommittingStatefulSinkWriter;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.SupportsPostCommitTopology;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * flink-connector-kafka's sink, except that a send that failed while its task is already failing no
 * longer takes the whole TaskManager down ({@link FailoverSafeWriter}): with the broker down longer
 * than a send may wait ({@code max.block.ms}), the writer rethrew the failed send when Flink closed
 * it during the failover, and the TaskManager exited (docs/reliability.md, scenario 9).
 */
public final class FailoverSafeKafkaSink<T>
    implements Sink<T>,
        SupportsWriterState<T, KafkaWriterState>,
        SupportsCommitter<KafkaCommittable>,
        SupportsPostCommitTopology<KafkaCommittable> {
  private static final long serialVersionUID = 1L;

  private final KafkaSink<T> sink;

  FailoverSafeKafkaSink(KafkaSink<T> sink) {
    this.sink = sink;
  }

  @Override
  public FailoverSafeWriter<
          T,
          KafkaWriterState,
          KafkaCommittable,
          PrecommittingStatefulSinkWriter<T, KafkaWriterState, KafkaCommittable>>
      createWriter(WriterInitContext context) throws IOException {
    return new FailoverSafeWriter<>(connector().createWriter(context));
  }

  @Override
  public FailoverSafeWriter<
          T,
          KafkaWriterState,
          KafkaCommittable,
          PrecommittingStatefulSinkWriter<T, KafkaWriterState, KafkaCommittable>>
      restoreWriter(WriterInitContext context, Collection<KafkaWriterState> states)
          throws IOException {
    return new FailoverSafeWriter<>(connector().restoreWriter(context, states));
  }

  /** The connector's sink through its public interface (its writer class is package-private). */
  private TwoPhaseCommittingStatefulSink<T, KafkaWriterState, KafkaCommittable> connector() {
    return sink;
  }

  @Override
  public SimpleVersionedSerializer<KafkaWriterState> getWriterStateSerializer() {
    return sink.getWriterStateSerializer();
  }

  @Override
  public Committer<KafkaCommittable> createCommitter(CommitterInitContext context) {
    return sink.createCommitter(context);
  }

  @Override
  public SimpleVersionedSerializer<KafkaCommittable> getCommittableSerializer() {
    return sink.getCommittableSerializer();
  }

  @Override
  public void addPostCommitTopology(DataStream<CommittableMessage<KafkaCommittable>> committables) {
    sink.addPostCommitTopology(committables);
  }
}
