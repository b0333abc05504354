package io.clickpulse.udf.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.clickpulse.udf.enrich.BotClassifier;
import io.clickpulse.udf.enrich.IpPrivacy;
import io.clickpulse.udf.enrich.ReferrerDomains;
import io.clickpulse.udf.enrich.UserAgentClassifier;
import io.clickpulse.udf.enrich.UtmNormalizer;
import io.clickpulse.udf.enrich.UtmTaxonomy;
import io.clickpulse.udf.enrich.UtmTaxonomy.Vocabulary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs every ClickPulse SQL function in a real Flink job and checks it returns what the plain
 * classes return for the same input.
 */
class ClickPulseFunctionsTest {
  private static final String SECRET = "sql-function-test-secret-0123456789";

  private static final String IPHONE =
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15"
          + " (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1";
  private static final String SLACKBOT =
      "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)";
  private static final String CHROME =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/124.0.0.0 Safari/537.36";

  /** (ip, user_agent, http_method, referrer, utm_source, utm_medium, channel). */
  private static final List<List<String>> ROWS =
      List.of(
          List.of(
              "203.0.113.7",
              IPHONE,
              "GET",
              "https://www.google.com/",
              "www.YouTube.com ",
              "Paid%20Social",
              "CPC"),
          List.of(
              "2001:db8:85a3:8d3:1319:8a2e:370:7348",
              SLACKBOT,
              "GET",
              "android-app://com.google.android.gm/",
              "FB",
              "E-Mail",
              "none"),
          List.of("::1", CHROME, "HEAD", "garbage", "TikTok Ads", "influencer", "Podcasts"),
          List.of(
              "not-an-ip",
              "curl/8.5.0",
              "GET",
              "https://L.Facebook.com./l.php?u=x",
              "t.co",
              "cpc",
              "Paid Social"));

  private static UserAgentClassifier userAgents;

  @BeforeAll
  static void buildClassifier() {
    userAgents = new UserAgentClassifier();
  }

  @Test
  void registryListsEveryFunction() {
    assertEquals(
        Set.of(
            "UTM_NORMALIZE",
            "REFERRER_DOMAIN",
            "BOT_REASON",
            "DEVICE_CLASS",
            "IP_NETWORK",
            "VISITOR_ID"),
        ClickPulseFunctions.ALL.keySet());
  }

  @Test
  void everyFunctionReturnsWhatThePlainClassesReturn() throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    env.getConfig()
        .setGlobalJobParameters(
            Configuration.fromMap(Map.of(VisitorIdFunction.SECRET_PARAMETER, SECRET)));
    StreamTableEnvironment tEnv =
        StreamTableEnvironment.create(env, EnvironmentSettings.inStreamingMode());
    // Either route alone reaches FunctionContext.getJobParameter (the DataStream jobs use the
    // first, the SQL client the second); set both so the test does not depend on which one.
    tEnv.getConfig()
        .set(
            PipelineOptions.GLOBAL_JOB_PARAMETERS,
            Map.of(VisitorIdFunction.SECRET_PARAMETER, SECRET));

    // Flink checks here that each function (and every field it holds) is serializable.
    ClickPulseFunctions.ALL.forEach(tEnv::createTemporarySystemFunction);

    // Column name -> SQL expression.
    Map<String, String> columns = new LinkedHashMap<>();
    columns.put("source", "UTM_NORMALIZE('source', utm_source)");
    columns.put("medium", "UTM_NORMALIZE('medium', utm_medium)");
    columns.put("channel", "UTM_NORMALIZE('Channel', channel)");
    columns.put("cleaned", "UTM_NORMALIZE('campaign', utm_source)");
    columns.put("no_vocabulary", "UTM_NORMALIZE(CAST(NULL AS STRING), utm_medium)");
    columns.put("referrer_domain", "REFERRER_DOMAIN(referrer)");
    columns.put("bot_reason", "BOT_REASON(user_agent, http_method)");
    columns.put("device_class", "DEVICE_CLASS(user_agent)");
    columns.put("ip_network", "IP_NETWORK(ip)");
    columns.put("visitor_id", "VISITOR_ID(ip, user_agent)");
    columns.put("null_network", "IP_NETWORK(CAST(NULL AS STRING))");
    columns.put("null_visitor", "VISITOR_ID(CAST(NULL AS STRING), user_agent)");
    columns.put("null_utm", "UTM_NORMALIZE('source', CAST(NULL AS STRING))");
    columns.put("null_bot", "BOT_REASON(CAST(NULL AS STRING), http_method)");
    List<String> names = new ArrayList<>(columns.keySet());

    StringBuilder sql = new StringBuilder("SELECT ip");
    columns.forEach(
        (name, expression) -> sql.append(",\n  ").append(expression).append(" AS ").append(name));
    sql.append("\nFROM (VALUES\n");
    for (int r = 0; r < ROWS.size(); r++) {
      List<String> row = ROWS.get(r);
      sql.append(r == 0 ? "  (" : ",\n  (");
      for (int i = 0; i < row.size(); i++) {
        sql.append(i == 0 ? "" : ", ")
            .append('\'')
            .append(row.get(i).replace("'", "''"))
            .append('\'');
      }
      sql.append(')');
    }
    sql.append("\n) AS t(ip, user_agent, http_method, referrer, utm_source, utm_medium, channel)");

    List<Row> results = new ArrayList<>();
    try (CloseableIterator<Row> it = tEnv.executeSql(sql.toString()).collect()) {
      it.forEachRemaining(results::add);
    }

    assertEquals(ROWS.size(), results.size());
    UtmNormalizer utm = new UtmNormalizer(UtmTaxonomy.bundled());
    BotClassifier bots = new BotClassifier();
    IpPrivacy privacy = new IpPrivacy(SECRET);
    for (List<String> in : ROWS) {
      String ip = in.get(0);
      String ua = in.get(1);
      Row row = find(results, ip);
      Map<String, Object> out = new LinkedHashMap<>();
      for (int i = 0; i < names.size(); i++) {
        out.put(names.get(i), row.getField(i + 1));
      }

      assertEquals(utm.normalize(Vocabulary.SOURCES, in.get(4)), out.get("source"), ip);
      assertEquals(utm.normalize(Vocabulary.MEDIUMS, in.get(5)), out.get("medium"), ip);
      assertEquals(utm.normalize(Vocabulary.CHANNELS, in.get(6)), out.get("channel"), ip);
      assertEquals(UtmTaxonomy.clean(in.get(4)), out.get("cleaned"), ip);
      assertEquals(UtmTaxonomy.clean(in.get(5)), out.get("no_vocabulary"), ip);
      assertEquals(ReferrerDomains.of(in.get(3)), out.get("referrer_domain"), ip);
      assertEquals(
          bots.classify(ua, in.get(2), userAgents.classify(ua)).code(), out.get("bot_reason"), ip);
      assertEquals(userAgents.classify(ua).deviceClass(), out.get("device_class"), ip);
      if (ip.equals("not-an-ip")) {
        assertNull(out.get("ip_network"), "invalid address: no network");
        assertNull(out.get("visitor_id"), "invalid address: no visitor id");
      } else {
        assertEquals(IpPrivacy.network(ip), out.get("ip_network"), ip);
        assertEquals(privacy.visitorId(ip, ua), out.get("visitor_id"), ip);
      }
      assertNull(out.get("null_network"));
      assertNull(out.get("null_visitor"));
      assertEquals("", out.get("null_utm"));
      assertEquals("empty_user_agent", out.get("null_bot"));
    }

    // Literal values too, so a bug shared by both paths cannot hide.
    Row iphone = find(results, "203.0.113.7");
    assertEquals("youtube", iphone.getField(1 + names.indexOf("source")));
    assertEquals("paid_social", iphone.getField(1 + names.indexOf("medium")));
    assertEquals("paid", iphone.getField(1 + names.indexOf("channel")));
    assertEquals("google.com", iphone.getField(1 + names.indexOf("referrer_domain")));
    assertEquals("phone", iphone.getField(1 + names.indexOf("device_class")));
    assertEquals("", iphone.getField(1 + names.indexOf("bot_reason")));
    assertEquals("203.0.113.0/24", iphone.getField(1 + names.indexOf("ip_network")));
    Row slack = find(results, "2001:db8:85a3:8d3:1319:8a2e:370:7348");
    assertEquals("bot", slack.getField(1 + names.indexOf("device_class")));
    assertEquals("link_preview", slack.getField(1 + names.indexOf("bot_reason")));
    assertEquals("2001:db8:85a3::/48", slack.getField(1 + names.indexOf("ip_network")));
    assertEquals("::/48", find(results, "::1").getField(1 + names.indexOf("ip_network")));
    assertEquals("head_request", find(results, "::1").getField(1 + names.indexOf("bot_reason")));
    assertEquals(
        "automation_tool", find(results, "not-an-ip").getField(1 + names.indexOf("bot_reason")));
    assertEquals(
        "l.facebook.com",
        find(results, "not-an-ip").getField(1 + names.indexOf("referrer_domain")));
  }

  private static Row find(List<Row> rows, String ip) {
    return rows.stream()
        .filter(r -> ip.equals(r.getField(0)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no result row for " + ip));
  }
}
