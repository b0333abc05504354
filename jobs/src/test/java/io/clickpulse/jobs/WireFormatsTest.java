package io.clickpulse.jobs;

import io.clickpulse.jobs.aggregate.MinuteClick;
import io.clickpulse.jobs.alert.ObserveMinutes;
import io.clickpulse.jobs.alert.RecentClicks;
import io.clickpulse.jobs.alert.SubjectClick;
import io.clickpulse.jobs.pipeline.ClickEventFormat;
import io.clickpulse.jobs.pipeline.EnrichedClickFormat;
import io.clickpulse.jobs.wire.WireFormatAssertions;
import io.clickpulse.jobs.wire.WireTypeInfo;
import java.util.stream.Stream;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The records that cross the network or sit in state in a wire format ({@code jobs/wire}) come back
 * with every field: a field added to one of these classes and not to its format fails here.
 */
class WireFormatsTest {
  static Stream<WireTypeInfo<?>> networkTypes() {
    return Stream.of(
        ClickEventFormat.TYPE,
        EnrichedClickFormat.TYPE,
        MinuteClick.TYPE,
        SubjectClick.TYPE,
        RecentClicks.TYPE,
        ObserveMinutes.ObservedSubject.TYPE);
  }

  @ParameterizedTest
  @MethodSource("networkTypes")
  <T> void everyFieldComesBack(WireTypeInfo<T> type) throws Exception {
    TypeSerializer<T> serializer = type.createSerializer(new SerializerConfigImpl());
    WireFormatAssertions.assertRoundTripsEveryField(type.getTypeClass(), serializer);
  }
}
