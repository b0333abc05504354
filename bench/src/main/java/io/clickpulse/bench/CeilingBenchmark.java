package io.clickpulse.bench;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.clickpulse.jobs.kafka.KafkaConnectors;
import io.clickpulse.jobs.kafka.KafkaSettings;
import io.clickpulse.jobs.kafka.RawRecord;
import io.clickpulse.jobs.kafka.StartingOffsets;
import io.clickpulse.udf.event.ClickEventParser;
import io.clickpulse.udf.event.ValidationLimits;
import java.io.IOException;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;

/**
 * The ceiling: the pipeline's own Kafka source (same deserializer, read_committed, same
 * parallelism) and JSON parsing, nothing else, no checkpoints. Nothing that does more work on the
 * same input can be faster.
 */
final class CeilingBenchmark {
  static final String PARSED = "parsed";
  static final String UNPARSEABLE = "unparseable";

  /** What each record goes through before it is discarded. */
  enum Parse {
    /** Jackson {@code readTree}, configured as the pipeline's parser configures it. */
    JSON,
    /** The pipeline's {@link ClickEventParser}: JSON, every field validated, content hash. */
    VALIDATE
  }

  private CeilingBenchmark() {}

  static Throughput run(
      BenchStack stack,
      BenchInput input,
      BenchOptions options,
      Parse parse,
      String name,
      Progress progress)
      throws Exception {
    StreamExecutionEnvironment env = stack.flink.environment();
    env.setParallelism(options.parallelism());
    env.fromSource(
            KafkaConnectors.raw(
                new KafkaSettings(
                    stack.kafka.bootstrapServers(),
                    "bench-ceiling-" + name,
                    StartingOffsets.EARLIEST,
                    true,
                    "bench-ceiling-" + name,
                    KafkaSettings.DEFAULT_TRANSACTION_TIMEOUT),
                input.topic()),
            WatermarkStrategy.noWatermarks(),
            "clicks.raw")
        .process(new ParseAndCount(parse))
        .name("parse-" + parse.name().toLowerCase(java.util.Locale.ROOT))
        .sinkTo(new DiscardingSink<>())
        .name("discard");
    long submitted = System.nanoTime();
    var job = env.executeAsync("bench-ceiling-" + name);
    FlinkJobs.Finished done = FlinkJobs.await(job, submitted, progress, () -> "", new ThreadCpu());
    long parsed = done.counter(PARSED);
    long unparseable = done.counter(UNPARSEABLE);
    if (parsed + unparseable != input.events()) {
      throw new IllegalStateException(
          "The ceiling job read " + (parsed + unparseable) + " records of " + input.events());
    }
    return new Throughput(
        input.events(),
        done.wall(),
        done.net(),
        String.format("%,d parsed, %,d not", parsed, unparseable));
  }

  /** Parses every record and keeps only a count, so the parse cannot be optimised away. */
  static final class ParseAndCount extends ProcessFunction<RawRecord, Void> {
    private static final ObjectMapper JSON =
        JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final Parse parse;
    private transient ClickEventParser parser;
    private transient LongCounter parsed;
    private transient LongCounter unparseable;

    ParseAndCount(Parse parse) {
      this.parse = parse;
    }

    @Override
    public void open(OpenContext openContext) {
      parser = new ClickEventParser(ValidationLimits.DEFAULTS);
      parsed = getRuntimeContext().getLongCounter(PARSED);
      unparseable = getRuntimeContext().getLongCounter(UNPARSEABLE);
    }

    @Override
    public void processElement(RawRecord record, Context ctx, Collector<Void> out) {
      if (parses(record)) {
        parsed.add(1L);
      } else {
        unparseable.add(1L);
      }
    }

    private boolean parses(RawRecord record) {
      if (parse == Parse.VALIDATE) {
        return parser.parse(record.value, record.timestamp).isValid();
      }
      try {
        JsonNode node = JSON.readTree(record.value);
        return node != null && node.isObject();
      } catch (IOException e) {
        return false;
      }
    }
  }
}
