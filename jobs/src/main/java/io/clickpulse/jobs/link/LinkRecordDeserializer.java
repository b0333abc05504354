package io.clickpulse.jobs.link;

import io.clickpulse.jobs.kafka.RawRecord;
import io.clickpulse.jobs.pipeline.DeadLetter;
import io.clickpulse.jobs.pipeline.DeadLetters;
import io.clickpulse.jobs.pipeline.ParsedEvent;
import io.clickpulse.udf.event.ValidationLimits;
import io.clickpulse.udf.link.LinkEventParser;
import io.clickpulse.udf.link.LinkParseResult;
import io.clickpulse.udf.link.LinkRejectReason;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Parses each {@code links} record in the source, like {@code ClickRecordDeserializer} does for
 * clicks: never throws on input; a bad record becomes a dead letter with the link reason code (the
 * codes shared with clicks are the same strings) and the topic it came from.
 */
public class LinkRecordDeserializer implements KafkaRecordDeserializationSchema<ParsedLink> {
  private final ValidationLimits limits;
  private transient LinkEventParser parser;

  public LinkRecordDeserializer(ValidationLimits limits) {
    this.limits = limits;
  }

  @Override
  public void open(DeserializationSchema.InitializationContext context) {
    parser = new LinkEventParser(limits);
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ParsedLink> out) {
    out.collect(parse(RawRecord.of(record)));
  }

  /** The record parsed and validated. */
  public ParsedLink parse(RawRecord record) {
    if (parser == null) {
      open(null);
    }
    LinkParseResult result;
    try {
      result = parser.parse(record.value, record.timestamp);
    } catch (RuntimeException e) {
      result = LinkParseResult.rejected(LinkRejectReason.PROCESSING_ERROR, e.toString());
    }
    if (result.isValid()) {
      return ParsedEvent.valid(ParsedLink::new, result.event());
    }
    return ParsedEvent.rejected(
        ParsedLink::new,
        deadLetter(result.rejection().reason(), result.rejection().detail(), record));
  }

  /**
   * A dead letter as {@link DeadLetter#of} makes one, with a link reason code: two of them
   * (unknown_type, invalid_owner) are no click reasons, so the fields are set here.
   */
  static DeadLetter deadLetter(LinkRejectReason reason, String detail, RawRecord source) {
    return DeadLetter.of(reason.code(), detail, source, DeadLetters.MAX_PAYLOAD_BYTES);
  }

  @Override
  public TypeInformation<ParsedLink> getProducedType() {
    return TypeInformation.of(ParsedLink.class);
  }
}
