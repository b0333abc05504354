package io.clickpulse.microbench.jmh;

import io.clickpulse.microbench.SampleClicks;
import io.clickpulse.udf.event.ClickEventParser;
import io.clickpulse.udf.event.ParseResult;
import io.clickpulse.udf.event.ValidationLimits;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** One Kafka record's bytes to a validated {@code ClickEvent} with its content hash. */
@State(Scope.Thread)
public class ParseBenchmark {
  private byte[][] payloads;
  private long recordTimestamp;
  private ClickEventParser parser;
  private int next;

  @Setup
  public void setUp() {
    List<byte[]> generated = SampleClicks.payloads(Samples.SIZE, 1);
    payloads = generated.toArray(new byte[0][]);
    recordTimestamp = SampleClicks.recordTimestamp(Samples.SIZE);
    parser = new ClickEventParser(ValidationLimits.DEFAULTS);
  }

  @Benchmark
  public ParseResult parse() {
    return parser.parse(payloads[next++ & Samples.MASK], recordTimestamp);
  }
}
