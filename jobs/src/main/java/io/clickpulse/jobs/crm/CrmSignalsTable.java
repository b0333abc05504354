package io.clickpulse.jobs.crm;

import io.clickpulse.jobs.clickhouse.ClickHouseJdbc;
import io.clickpulse.udf.crm.CrmSignal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;

/**
 * The INSERT into {@code crm_signals} (V015). The table replaces by signal_id, and a replayed
 * signal has the same id and content: written twice, read once (with FINAL).
 */
public final class CrmSignalsTable {
  public static final String INSERT =
      "INSERT INTO crm_signals (signal_id, rule, kind, route, subject_type, subject_id,"
          + " contact_id, campaign_id, campaign_name, link_ids, click_count, window_seconds,"
          + " first_click_time, last_click_time, trigger_click_id)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  public static final JdbcStatementBuilder<CrmSignal> STATEMENT_BUILDER = CrmSignalsTable::bind;

  private CrmSignalsTable() {}

  private static void bind(PreparedStatement ps, CrmSignal s) throws SQLException {
    int i = 1;
    ps.setString(i++, s.signalId);
    ps.setString(i++, s.rule);
    ps.setString(i++, s.kind);
    ps.setString(i++, nonNull(s.route));
    ps.setString(i++, s.subjectType);
    ps.setString(i++, s.subjectId);
    ps.setString(i++, nonNull(s.contactId));
    ps.setString(i++, nonNull(s.campaignId));
    ps.setString(i++, nonNull(s.campaignName));
    ps.setObject(i++, s.linkIds == null ? List.of() : s.linkIds);
    ps.setLong(i++, s.clickCount);
    ps.setLong(i++, s.windowSeconds);
    ClickHouseJdbc.setInstant(ps, i++, s.firstClickTime);
    ClickHouseJdbc.setInstant(ps, i++, s.lastClickTime);
    ps.setString(i, nonNull(s.triggerClickId));
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }
}
