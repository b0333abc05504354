package io.clickpulse.jobs.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clickpulse.jobs.state.KeyedState;
import io.clickpulse.jobs.wire.WireSerializerTest.Sample;
import io.clickpulse.jobs.wire.WireSerializerTest.SampleFormat;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A savepoint taken while a state was written by Flink's POJO serializer restores into the same
 * state written in a {@link WireFormat}: on RocksDB (production) and on the heap, with a TTL as the
 * operators keep theirs, and the migrated state snapshots and restores again as is.
 */
class WireStateMigrationTest {
  /** Appends each input ("key=text") to its key's state and emits the state's text. */
  static final class Remember extends KeyedProcessFunction<String, String, String> {
    private final TypeInformation<Sample> stateType;
    private transient ValueState<Sample> state;

    Remember(TypeInformation<Sample> stateType) {
      this.stateType = stateType;
    }

    @Override
    public void open(OpenContext context) {
      ValueStateDescriptor<Sample> descriptor = new ValueStateDescriptor<>("sample", stateType);
      descriptor.enableTimeToLive(KeyedState.expiringAfterLastWrite(Duration.ofHours(1)));
      state = getRuntimeContext().getState(descriptor);
    }

    @Override
    public void processElement(String input, Context ctx, Collector<String> out) throws Exception {
      String value = input.substring(input.indexOf('=') + 1);
      Sample sample = state.value();
      if (sample == null) {
        sample = new Sample();
        sample.custom.put("first", value);
      }
      sample.text = sample.text == null ? value : sample.text + "," + value;
      sample.number++;
      sample.tags.add(value);
      state.update(sample);
      out.collect(ctx.getCurrentKey() + ":" + sample.text + "#" + sample.number + sample.custom);
    }
  }

  private static final TypeInformation<Sample> POJO = TypeInformation.of(Sample.class);
  private static final TypeInformation<Sample> WIRE =
      new WireTypeInfo<>(Sample.class, new SampleFormat());

  @ParameterizedTest
  @ValueSource(strings = {"rocksdb", "heap"})
  void pojoStateRestoresIntoTheWireFormat(String backend) throws Exception {
    OperatorSubtaskState pojoSavepoint =
        run(backend, POJO, null, List.of("a=1", "b=x", "a=2")).snapshot;
    Run migrated = run(backend, WIRE, pojoSavepoint, List.of("a=3", "b=y", "c=z"));
    assertEquals(
        List.of("a:1,2,3#3{first=1}", "b:x,y#2{first=x}", "c:z#1{first=z}"), migrated.output);

    Run again = run(backend, WIRE, migrated.snapshot, List.of("a=4", "c=w"));
    assertEquals(List.of("a:1,2,3,4#4{first=1}", "c:z,w#2{first=z}"), again.output);
  }

  private record Run(List<String> output, OperatorSubtaskState snapshot) {}

  private static Run run(
      String backend,
      TypeInformation<Sample> stateType,
      OperatorSubtaskState restore,
      List<String> inputs)
      throws Exception {
    try (var harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new Remember(stateType)),
            (String s) -> s.substring(0, s.indexOf('=')),
            Types.STRING)) {
      harness.setStateBackend(stateBackend(backend));
      if (restore != null) {
        harness.initializeState(restore);
      }
      harness.open();
      for (String input : inputs) {
        harness.processElement(new StreamRecord<>(input, 0));
      }
      return new Run(List.copyOf(harness.extractOutputValues()), harness.snapshot(1, 0));
    }
  }

  private static StateBackend stateBackend(String name) {
    return Map.<String, StateBackend>of(
            "rocksdb", new EmbeddedRocksDBStateBackend(), "heap", new HashMapStateBackend())
        .get(name);
  }
}
