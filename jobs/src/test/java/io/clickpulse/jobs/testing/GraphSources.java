package io.clickpulse.jobs.testing;

import io.clickpulse.jobs.ClickPipelineSources;
import io.clickpulse.jobs.config.ClickPipelineConfig;
import io.clickpulse.jobs.conversion.ConversionRecordDeserializer;
import io.clickpulse.jobs.conversion.ParsedConversion;
import io.clickpulse.jobs.kafka.RawRecord;
import io.clickpulse.jobs.link.LinkRecordDeserializer;
import io.clickpulse.jobs.link.LinkRow;
import io.clickpulse.jobs.link.ParsedLink;
import io.clickpulse.jobs.pipeline.ClickRecordDeserializer;
import io.clickpulse.jobs.pipeline.ParsedRecord;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;

/**
 * In-memory sources for MiniCluster graph tests of the click pipeline: planted records through the
 * job's real deserializers, as if read from Kafka, and the settings such a graph needs.
 */
public final class GraphSources {
  private GraphSources() {}

  /** The record at an index of the planted input (serializable: it travels in the job graph). */
  public interface RecordAt extends Serializable {
    RawRecord at(int index) throws Exception;
  }

  /**
   * The settings a graph test's config needs (no engine is reached: the sinks are collecting), with
   * {@code extra} added; mutable, for tests that change it further.
   */
  public static Map<String, String> settings(Map<String, String> extra) {
    Map<String, String> values = new HashMap<>();
    values.put("kafka.bootstrap-servers", "127.0.0.1:9");
    values.put("clickhouse.url", "jdbc:clickhouse://127.0.0.1:9/unused");
    values.put("privacy.visitor-hash-secret", "graph-test-secret-0123");
    values.putAll(extra);
    return values;
  }

  /** {@code count} click records through the click deserializer. */
  public static DataGeneratorSource<ParsedRecord> clicks(
      ClickPipelineConfig config, int count, RecordAt records) {
    return new DataGeneratorSource<>(
        new Parsed<>(
            new ClickRecordDeserializer(config.validation(), config.eventTime()),
            ClickRecordDeserializer::parse,
            records),
        count,
        TypeInformation.of(ParsedRecord.class));
  }

  /** The link events {@code json}, in order, through the link deserializer. */
  public static DataGeneratorSource<ParsedLink> links(
      ClickPipelineConfig config, List<String> json, long recordTime) {
    List<String> events = List.copyOf(json);
    return new DataGeneratorSource<>(
        new Parsed<>(
            new LinkRecordDeserializer(config.validation()),
            LinkRecordDeserializer::parse,
            i ->
                new RawRecord(
                    "links", 0, i, recordTime, events.get(i).getBytes(StandardCharsets.UTF_8))),
        events.size(),
        TypeInformation.of(ParsedLink.class));
  }

  /** The conversion records {@code json}, in order, through the conversion deserializer. */
  public static DataGeneratorSource<ParsedConversion> conversions(
      ClickPipelineConfig config, List<String> json, long recordTime) {
    List<String> records = List.copyOf(json);
    return new DataGeneratorSource<>(
        new Parsed<>(
            new ConversionRecordDeserializer(config.validation()),
            ConversionRecordDeserializer::parse,
            i ->
                new RawRecord(
                    "conversions",
                    0,
                    i,
                    recordTime,
                    records.get(i).getBytes(StandardCharsets.UTF_8))),
        records.size(),
        TypeInformation.of(ParsedConversion.class));
  }

  /**
   * {@code records}, each released only once {@code sink} holds {@code rows} items: the clicks wait
   * for the link catalog to store every link event, so which click finds its link follows from the
   * input alone (the join meets its inputs in arrival order).
   */
  public static RecordAt after(CollectingSink<?> sink, int rows, RecordAt records) {
    return i -> {
      Await.until(
          "the catalog to accept the link events",
          Duration.ofMinutes(1),
          () -> sink.collected().size() >= rows);
      return records.at(i);
    };
  }

  /**
   * The link events {@code links} and {@code clicks} clicks, each click released only once the
   * catalog stored every link event (its rows collected in {@code linkRows}).
   */
  public static ClickPipelineSources catalogThenClicks(
      ClickPipelineConfig config,
      List<String> links,
      long linkTime,
      CollectingSink<LinkRow> linkRows,
      int clicks,
      RecordAt click) {
    return new ClickPipelineSources(
        clicks(config, clicks, after(linkRows, links.size(), click)),
        links(config, links, linkTime),
        null);
  }

  /** How a deserializer turns a raw record into its type. */
  private interface Parse<D, T> extends Serializable {
    T parse(D deserializer, RawRecord record);
  }

  private static final class Parsed<D extends KafkaRecordDeserializationSchema<T>, T>
      implements GeneratorFunction<Long, T> {
    private final D deserializer;
    private final Parse<D, T> parse;
    private final RecordAt records;

    Parsed(D deserializer, Parse<D, T> parse, RecordAt records) {
      this.deserializer = deserializer;
      this.parse = parse;
      this.records = records;
    }

    @Override
    public void open(SourceReaderContext readerContext) throws Exception {
      deserializer.open(null);
    }

    @Override
    public T map(Long offset) throws Exception {
      return parse.parse(deserializer, records.at(offset.intValue()));
    }
  }
}
