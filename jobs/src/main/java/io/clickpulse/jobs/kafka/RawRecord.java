package io.clickpulse.jobs.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A Kafka record as read, before validation: bytes plus where they came from. */
public class RawRecord {
  public String topic;
  public int partition;
  public long offset;

  /** The Kafka record timestamp (epoch ms), -1 if the record has none. */
  public long timestamp;

  public byte[] value;

  public RawRecord() {}

  public RawRecord(String topic, int partition, long offset, long timestamp, byte[] value) {
    this.topic = topic;
    this.partition = partition;
    this.offset = offset;
    this.timestamp = timestamp;
    this.value = value;
  }

  /** The bytes of a consumed record with its topic, partition, offset and timestamp. */
  public static RawRecord of(ConsumerRecord<byte[], byte[]> record) {
    return new RawRecord(
        record.topic(), record.partition(), record.offset(), record.timestamp(), record.value());
  }
}
