package io.clickpulse.local.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonRowsTest {

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "UInt64                         | \"1234\"                    | 1234",
        "Int64                          | \"-7\"                      | -7",
        "Nullable(UInt64)               | null                        | null",
        "UInt8                          | 3                           | 3",
        "DateTime64(3, 'UTC')           | \"2025-03-10 09:12:00.250\" | 2025-03-10T09:12:00.250Z",
        "DateTime('UTC')                | \"2025-03-10 09:12:00\"     | 2025-03-10T09:12:00Z",
        "DateTime64(3, 'Europe/Berlin') | \"2025-03-10 10:12:00.000\" | 2025-03-10T09:12:00Z",
        "DateTime                       | \"2025-03-10 09:12:00\"     | 2025-03-10T09:12:00Z",
        "LowCardinality(String)         | \"<b>google</b>\"           | <b>google</b>",
      })
  void convertsValuesByTheirClickHouseType(String type, String json, String expected) {
    String body =
        "{\"meta\":[{\"name\":\"v\",\"type\":\""
            + type
            + "\"}],\"data\":[{\"v\":"
            + json
            + "}],\"rows\":1}";
    List<ObjectNode> rows = JsonRows.parse(body);
    assertEquals(1, rows.size());
    String actual =
        type.contains("DateTime")
            ? Instant.ofEpochMilli(rows.get(0).get("v").asLong()).toString()
            : rows.get(0).get("v").asText();
    assertEquals(expected, actual);
    if (type.matches("(Nullable\\()?U?Int.*") && !json.equals("null")) {
      assertEquals(true, rows.get(0).get("v").isNumber(), "a number in the page's JSON");
    }
  }
}
