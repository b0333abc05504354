package io.clickpulse.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far a consumer group's committed offsets are behind the end of a topic. Flink's Kafka source
 * commits on completed checkpoints and ClickHouse's Kafka engine after a block went through every
 * view, so a lag of 0 means the consumer has fully processed what was in the topic.
 */
final class ConsumerLag {
  private ConsumerLag() {}

  /** Records not yet committed by {@code group}; every record when it has committed nothing. */
  static long of(Admin admin, String group, String topic, int partitions)
      throws InterruptedException, ExecutionException {
    List<TopicPartition> tps = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      tps.add(new TopicPartition(topic, p));
    }
    var ends =
        admin
            .listOffsets(
                tps.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())))
            .all()
            .get();
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    long lag = 0;
    for (TopicPartition tp : tps) {
      OffsetAndMetadata c = committed.get(tp);
      lag += ends.get(tp).offset() - (c == null ? 0 : c.offset());
    }
    return lag;
  }
}
