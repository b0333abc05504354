package io.clickpulse.microbench.jmh;

import io.clickpulse.jobs.alert.ClientClick;
import io.clickpulse.jobs.alert.RecentClicks;
import io.clickpulse.jobs.pipeline.EnrichedClickFormat;
import io.clickpulse.microbench.SampleClicks;
import io.clickpulse.udf.enrich.EnrichedClick;
import java.io.IOException;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A click written and read back, as it crosses the network from enrichment to the client patterns,
 * and a one-click client's recent clicks, as the client patterns write and read them in RocksDB at
 * each click: Flink's reflective POJO serializer against the hand-written wire format.
 */
@State(Scope.Thread)
public class SerializationBenchmark {
  private static final SerializerConfigImpl CONFIG = new SerializerConfigImpl();

  private EnrichedClick[] clicks;
  private RecentClicks[] clients;
  private TypeSerializer<EnrichedClick> clickPojo;
  private TypeSerializer<EnrichedClick> clickWire;
  private TypeSerializer<RecentClicks> clientPojo;
  private TypeSerializer<RecentClicks> clientWire;
  private final DataOutputSerializer out = new DataOutputSerializer(4096);
  private final DataInputDeserializer in = new DataInputDeserializer();
  private int next;

  @Setup
  public void setUp() {
    List<EnrichedClick> enriched = SampleClicks.enriched(Samples.SIZE, 5);
    clicks = enriched.toArray(new EnrichedClick[0]);
    clients = new RecentClicks[clicks.length];
    for (int i = 0; i < clicks.length; i++) {
      clients[i] = new RecentClicks();
      clients[i].clicks = new ClientClick[] {ClientClick.of(clicks[i])};
    }
    clickPojo = TypeInformation.of(EnrichedClick.class).createSerializer(CONFIG);
    clickWire = EnrichedClickFormat.TYPE.createSerializer(CONFIG);
    clientPojo = TypeInformation.of(RecentClicks.class).createSerializer(CONFIG);
    clientWire = RecentClicks.TYPE.createSerializer(CONFIG);
  }

  @Benchmark
  public EnrichedClick clickPojo() throws IOException {
    return roundTrip(clickPojo, clicks[next++ & Samples.MASK]);
  }

  @Benchmark
  public EnrichedClick clickWire() throws IOException {
    return roundTrip(clickWire, clicks[next++ & Samples.MASK]);
  }

  @Benchmark
  public RecentClicks clientPojo() throws IOException {
    return roundTrip(clientPojo, clients[next++ & Samples.MASK]);
  }

  @Benchmark
  public RecentClicks clientWire() throws IOException {
    return roundTrip(clientWire, clients[next++ & Samples.MASK]);
  }

  private <T> T roundTrip(TypeSerializer<T> serializer, T value) throws IOException {
    out.clear();
    serializer.serialize(value, out);
    in.setBuffer(out.getSharedBuffer(), 0, out.length());
    return serializer.deserialize(in);
  }
}
