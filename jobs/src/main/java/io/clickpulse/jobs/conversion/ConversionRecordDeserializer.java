package io.clickpulse.jobs.conversion;

import io.clickpulse.jobs.kafka.RawRecord;
import io.clickpulse.jobs.pipeline.DeadLetter;
import io.clickpulse.jobs.pipeline.DeadLetters;
import io.clickpulse.jobs.pipeline.ParsedEvent;
import io.clickpulse.udf.conversion.ConversionEventParser;
import io.clickpulse.udf.conversion.ConversionParseResult;
import io.clickpulse.udf.conversion.ConversionRejectReason;
import io.clickpulse.udf.event.ValidationLimits;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Parses each {@code conversions} record in the source, like the click and link deserializers:
 * never throws on input; a bad record becomes a dead letter with the conversion reason code and the
 * topic it came from, its payload's IP addresses redacted like a click's.
 */
public class ConversionRecordDeserializer
    implements KafkaRecordDeserializationSchema<ParsedConversion> {
  private final ValidationLimits limits;
  private transient ConversionEventParser parser;

  public ConversionRecordDeserializer(ValidationLimits limits) {
    this.limits = limits;
  }

  @Override
  public void open(DeserializationSchema.InitializationContext context) {
    parser = new ConversionEventParser(limits);
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ParsedConversion> out) {
    out.collect(parse(RawRecord.of(record)));
  }

  /** The record parsed and validated. */
  public ParsedConversion parse(RawRecord record) {
    if (parser == null) {
      open(null);
    }
    ConversionParseResult result;
    try {
      result = parser.parse(record.value, record.timestamp);
    } catch (RuntimeException e) {
      result =
          ConversionParseResult.rejected(ConversionRejectReason.PROCESSING_ERROR, e.toString());
    }
    if (result.isValid()) {
      return ParsedEvent.valid(ParsedConversion::new, result.event());
    }
    return ParsedEvent.rejected(
        ParsedConversion::new,
        deadLetter(result.rejection().reason(), result.rejection().detail(), record));
  }

  /** A dead letter as {@code DeadLetter.of} makes one, with a conversion reason code. */
  static DeadLetter deadLetter(ConversionRejectReason reason, String detail, RawRecord source) {
    return DeadLetter.of(reason.code(), detail, source, DeadLetters.MAX_PAYLOAD_BYTES);
  }

  @Override
  public TypeInformation<ParsedConversion> getProducedType() {
    return TypeInformation.of(ParsedConversion.class);
  }
}
