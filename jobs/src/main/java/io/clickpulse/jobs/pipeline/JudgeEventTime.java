package io.clickpulse.jobs.pipeline;

import io.clickpulse.jobs.metrics.Counters;
import io.clickpulse.jobs.metrics.PipelineCounter;
import io.clickpulse.udf.event.ClickEvent;
import io.clickpulse.udf.event.EventTimeProgress;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Decides, per Kafka partition, which valid clicks are too late for their minute and which come
 * from a clock running ahead ({@link EventTimeProgress}), with each partition's progress kept in
 * the checkpoint. A replay after a restore thus decides exactly as the first run did: progress that
 * started empty (as the source's watermark does) took the replay's first late click for an on-time
 * one, and counted it in its minute as well as in {@code late_clicks} (docs/reliability.md).
 *
 * <p>Chained right after the source, so a partition's clicks come in their order. Union state:
 * after rescaling, a task finds the progress of whichever partitions it now reads.
 */
public class JudgeEventTime extends ProcessFunction<ClickEvent, ClickEvent>
    implements CheckpointedFunction {
  private final EventTimeSettings eventTime;

  private transient Map<Integer, EventTimeProgress> partitions;
  private transient ListState<PartitionProgress> checkpointed;
  private transient PipelineCounter clockAhead;

  public JudgeEventTime(EventTimeSettings eventTime) {
    this.eventTime = eventTime;
  }

  /** One partition's {@link EventTimeProgress.Snapshot}, as Flink's POJO serializer stores it. */
  public static class PartitionProgress {
    public int partition;
    public long[] recent;
    public long newestOnTime;
    public long progress;

    public PartitionProgress() {}

    PartitionProgress(int partition, EventTimeProgress.Snapshot snapshot) {
      this.partition = partition;
      this.recent = snapshot.recent();
      this.newestOnTime = snapshot.newestOnTime();
      this.progress = snapshot.progress();
    }

    EventTimeProgress.Snapshot snapshot() {
      return new EventTimeProgress.Snapshot(recent, newestOnTime, progress);
    }
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    checkpointed =
        context
            .getOperatorStateStore()
            .getUnionListState(new ListStateDescriptor<>("partitions", PartitionProgress.class));
    partitions = new HashMap<>();
    Map<Integer, PartitionProgress> furthest = new HashMap<>();
    for (PartitionProgress restored : checkpointed.get()) {
      // After rescaling, tasks that no longer read a partition still held its older progress.
      furthest.merge(restored.partition, restored, (a, b) -> a.progress >= b.progress ? a : b);
    }
    furthest.forEach(
        (partition, restored) ->
            partitions.put(
                partition,
                EventTimeProgress.restore(eventTime.maxClockLead(), restored.snapshot())));
  }

  @Override
  public void open(OpenContext openContext) {
    clockAhead = PipelineCounter.register(getRuntimeContext(), Counters.CLOCK_AHEAD);
  }

  @Override
  public void processElement(ClickEvent event, Context ctx, Collector<ClickEvent> out) {
    EventTimeProgress progress =
        partitions.computeIfAbsent(
            event.sourcePartition, p -> new EventTimeProgress(eventTime.maxClockLead()));
    // Too late against the watermark the window operators saw before this event, from this
    // partition alone (see ClickWatermarks).
    long watermark =
        ClickWatermarks.watermark(progress.progress(), eventTime.outOfOrderness().toMillis());
    event.tooLate =
        ClickWatermarks.tooLate(event.eventTime, watermark, eventTime.allowedLateness().toMillis());
    event.clockAheadMillis = progress.observe(event.eventTime);
    if (event.clockAheadMillis > 0) {
      clockAhead.inc();
    }
    out.collect(event);
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    checkpointed.clear();
    for (Map.Entry<Integer, EventTimeProgress> p : partitions.entrySet()) {
      checkpointed.add(new PartitionProgress(p.getKey(), p.getValue().snapshot()));
    }
  }
}
