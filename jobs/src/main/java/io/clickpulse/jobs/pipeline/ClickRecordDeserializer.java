package io.clickpulse.jobs.pipeline;

import io.clickpulse.jobs.kafka.RawRecord;
import io.clickpulse.udf.event.ClickEvent;
import io.clickpulse.udf.event.ClickEventParser;
import io.clickpulse.udf.event.EventTimeProgress;
import io.clickpulse.udf.event.ParseResult;
import io.clickpulse.udf.event.RejectReason;
import io.clickpulse.udf.event.ValidationLimits;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Parses and validates each raw click record once, in the Kafka source, so that the partition's
 * watermark is made of valid event times only: a rejected record never moves event time, and a
 * valid event far ahead of its partition ({@link EventTimeProgress}) does not drag the watermark
 * with it ({@link JudgeEventTime} marks it). Never throws on input: every defect becomes a dead
 * letter with a reason code.
 */
public class ClickRecordDeserializer implements KafkaRecordDeserializationSchema<ParsedRecord> {
  private final ValidationLimits limits;
  private final EventTimeSettings eventTime;

  private transient ClickEventParser parser;
  private transient Map<Integer, EventTimeProgress> partitions;

  public ClickRecordDeserializer(ValidationLimits limits, EventTimeSettings eventTime) {
    this.limits = limits;
    this.eventTime = eventTime;
  }

  @Override
  public void open(DeserializationSchema.InitializationContext context) {
    parser = new ClickEventParser(limits);
    partitions = new HashMap<>();
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ParsedRecord> out) {
    out.collect(parse(RawRecord.of(record)));
  }

  /** The record parsed, validated and placed in its partition's event time. */
  public ParsedRecord parse(RawRecord record) {
    if (parser == null) {
      open(null);
    }
    EventTimeProgress progress =
        partitions.computeIfAbsent(
            record.partition, p -> new EventTimeProgress(eventTime.maxClockLead()));
    ParseResult result;
    try {
      result = parser.parse(record.value, record.timestamp);
    } catch (RuntimeException e) {
      // The parser maps every known defect to a reason; anything else is our bug, not the record's.
      result = ParseResult.rejected(RejectReason.PROCESSING_ERROR, e.toString());
    }
    if (!result.isValid()) {
      return ParsedRecord.rejected(
          DeadLetter.of(
              result.rejection().reason(),
              result.rejection().detail(),
              record,
              DeadLetters.MAX_PAYLOAD_BYTES),
          progress.progress());
    }
    ClickEvent event = result.event();
    event.sourcePartition = record.partition;
    event.sourceOffset = record.offset;
    // Only for the watermark; which clicks are too late or ahead is decided with the partition's
    // progress checkpointed (JudgeEventTime), which this copy is not.
    progress.observe(event.eventTime);
    return ParsedRecord.valid(event, progress.progress());
  }

  @Override
  public TypeInformation<ParsedRecord> getProducedType() {
    return TypeInformation.of(ParsedRecord.class);
  }
}
