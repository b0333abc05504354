package io.clickpulse.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.clickpulse.jobs.conversion.ParsedConversion;
import io.clickpulse.jobs.link.ParsedLink;
import io.clickpulse.jobs.pipeline.DeadLetter;
import io.clickpulse.udf.conversion.ConversionEvent;
import io.clickpulse.udf.link.LinkEvent;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;

/**
 * The parsed records of the links and conversions inputs subclass one generic {@code ParsedEvent}:
 * Flink must still see them as POJOs with their concrete event type, or every record would go
 * through Kryo between the source and the validation.
 */
class ParsedInputTypesTest {
  @Test
  void parsedLinksAndConversionsArePojosOfTheirEventTypes() {
    assertPojo(ParsedLink.class, LinkEvent.class);
    assertPojo(ParsedConversion.class, ConversionEvent.class);
  }

  private static void assertPojo(Class<?> parsed, Class<?> event) {
    PojoTypeInfo<?> type = assertInstanceOf(PojoTypeInfo.class, TypeInformation.of(parsed));
    assertEquals(TypeInformation.of(event), type.getTypeAt("event"), parsed.getSimpleName());
    assertEquals(TypeInformation.of(DeadLetter.class), type.getTypeAt("deadLetter"));
  }
}
