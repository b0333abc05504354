-- The ClickPulse pipeline as a Flink SQL user would write it, with the project's SQL functions
-- (io.clickpulse.udf.sql): validate with WHERE, deduplicate with ROW_NUMBER (first arrival wins,
-- as in ClickPulse), enrich with the UDFs, one-minute window TVF aggregates, and one spike rule
-- with LAG over the baseline; raw clicks, minute aggregates and spikes go to ClickHouse over JDBC.
--
-- What it leaves out compared with ClickPulse (so it does less work): dead letters with reason
-- codes (rejects are just filtered), conflict detection (a repeat with other content is dropped as
-- a duplicate), the duplicates table, late-event handling (late rows are dropped by the window),
-- link_domain, browser/os, utm_unknown, ip_hash and the custom map, bot clicks by reason, the drop,
-- broken-redirect, bot-client, missing-UTM and QR rules, the alerts topic. Its spike rule compares
-- with the mean of the trailing 60 minutes that had clicks, not an EWMA over every minute.
--
-- Event time (issue #15): the watermark is taken from rows that pass the validation only
-- (`is_valid`, also the WHERE of valid_clicks; a NULL watermark expression is ignored). Until then it
-- was max(ts) - 30 s over every row read, and the input's malformed records dated "now" (wall clock,
-- hours ahead of a 12 h backlog; docs/traffic.md) moved it to now: every later click was late and
-- dropped by the window TVF (minute sums 1,372 of 182,443 clicks at 200,000 records). As in
-- ClickPulse the watermark is per Kafka partition (pushed into the source), but the windows drop
-- late rows against the slowest partition's watermark, not per partition: in a backlog a few clicks
-- labelled late are still counted (the bench's ledger checks name how many). No fast producer
-- clock in the bench input: against one, this max-based watermark would run ahead of the others.

CREATE TABLE raw_clicks (
  event_id STRING,
  event_time BIGINT,
  link_id STRING,
  short_url STRING,
  destination_url STRING,
  utm_source STRING,
  utm_medium STRING,
  utm_campaign STRING,
  utm_term STRING,
  utm_content STRING,
  campaign_id STRING,
  campaign_owner STRING,
  channel STRING,
  referrer STRING,
  user_agent STRING,
  ip STRING,
  http_method STRING,
  redirect_status INT,
  country STRING,
  is_test BOOLEAN,
  kafka_partition INT METADATA FROM 'partition' VIRTUAL,
  kafka_offset BIGINT METADATA FROM 'offset' VIRTUAL,
  kafka_time TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL,
  ts AS TO_TIMESTAMP_LTZ(event_time, 3),
  arrival AS PROCTIME(),
  -- ClickPulse's validation (what its deserializer rejects, as far as SQL sees it).
  is_valid AS event_id IS NOT NULL AND CHAR_LENGTH(event_id) BETWEEN 1 AND 128
    AND link_id IS NOT NULL AND CHAR_LENGTH(link_id) BETWEEN 1 AND 128
    AND event_time IS NOT NULL
    AND TO_TIMESTAMP_LTZ(event_time, 3)
      BETWEEN kafka_time - INTERVAL '7' DAY AND kafka_time + INTERVAL '5' MINUTE
    AND REGEXP(short_url, '^https?://[^/?#\s]+') AND REGEXP(destination_url, '^https?://[^/?#\s]+')
    AND IP_NETWORK(ip) IS NOT NULL
    AND CHAR_LENGTH(COALESCE(user_agent, '')) <= 1024
    AND CHAR_LENGTH(COALESCE(referrer, '')) <= 4096
    AND (redirect_status IS NULL OR redirect_status = 0 OR redirect_status BETWEEN 100 AND 599)
    AND (country IS NULL OR REGEXP(country, '^[A-Za-z]{2}$')),
  -- Event time from valid rows only: a NULL watermark is ignored, so a rejected record dated
  -- "now" (hours ahead of a backlog) cannot move it and make every later click late.
  WATERMARK FOR ts AS CASE WHEN is_valid THEN ts - INTERVAL '30' SECOND END
) WITH (
  'connector' = 'kafka',
  'topic' = '${topic}',
  'properties.bootstrap.servers' = '${kafka}',
  'properties.group.id' = '${group}',
  'properties.isolation.level' = 'read_committed',
  'scan.startup.mode' = 'earliest-offset',
  'scan.bounded.mode' = 'latest-offset',
  'format' = 'json',
  'json.ignore-parse-errors' = 'true'
);

CREATE TEMPORARY VIEW valid_clicks AS
SELECT *
FROM raw_clicks
WHERE is_valid;

CREATE TEMPORARY VIEW unique_clicks AS
SELECT *
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY event_id ORDER BY arrival ASC) AS row_num
  FROM valid_clicks)
WHERE row_num = 1;

CREATE TEMPORARY VIEW enriched_clicks AS
SELECT
  event_id, ts, link_id, short_url, destination_url,
  COALESCE(utm_source, '') AS utm_source_raw,
  COALESCE(utm_medium, '') AS utm_medium_raw,
  COALESCE(utm_campaign, '') AS utm_campaign_raw,
  COALESCE(utm_term, '') AS utm_term_raw,
  COALESCE(utm_content, '') AS utm_content_raw,
  UTM_NORMALIZE('source', utm_source) AS utm_source,
  UTM_NORMALIZE('medium', utm_medium) AS utm_medium,
  UTM_NORMALIZE('campaign', utm_campaign) AS utm_campaign,
  UTM_NORMALIZE('term', utm_term) AS utm_term,
  UTM_NORMALIZE('content', utm_content) AS utm_content,
  COALESCE(campaign_id, '') AS campaign_id,
  COALESCE(campaign_owner, '') AS campaign_owner,
  UTM_NORMALIZE('channel', channel) AS channel,
  COALESCE(referrer, '') AS referrer,
  REFERRER_DOMAIN(referrer) AS referrer_domain,
  COALESCE(user_agent, '') AS user_agent,
  DEVICE_CLASS(user_agent) AS device_class,
  BOT_REASON(user_agent, COALESCE(http_method, 'GET')) AS bot_reason,
  VISITOR_ID(ip, user_agent) AS visitor_id,
  IP_NETWORK(ip) AS ip_network,
  UPPER(COALESCE(http_method, 'GET')) AS http_method,
  redirect_status,
  UPPER(COALESCE(country, '')) AS country,
  COALESCE(is_test, FALSE) AS is_test,
  kafka_partition,
  kafka_offset
FROM unique_clicks;

CREATE TEMPORARY VIEW counted_clicks AS
SELECT *, bot_reason <> '' AS is_bot
FROM enriched_clicks
WHERE NOT is_test;

CREATE TEMPORARY VIEW link_minutes AS
SELECT window_start, window_end, window_time, link_id,
  SUM(CASE WHEN is_bot THEN 0 ELSE 1 END) AS humans
FROM TABLE(TUMBLE(TABLE counted_clicks, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end, window_time, link_id;

-- Streaming OVER windows end at the current row, so the baseline subtracts it again.
CREATE TEMPORARY VIEW link_baselines AS
SELECT window_start, window_end, window_time, link_id, humans,
  COUNT(*) OVER w - 1 AS base_minutes,
  CAST(SUM(humans) OVER w - humans AS DOUBLE) / GREATEST(COUNT(*) OVER w - 1, 1) AS base_mean
FROM link_minutes
WINDOW w AS (PARTITION BY link_id ORDER BY window_time ROWS BETWEEN 60 PRECEDING AND CURRENT ROW);

CREATE TABLE ch_clicks (
  event_id STRING, event_time TIMESTAMP(3), link_id STRING, short_url STRING,
  destination_url STRING, utm_source_raw STRING, utm_medium_raw STRING, utm_campaign_raw STRING,
  utm_term_raw STRING, utm_content_raw STRING, utm_source STRING, utm_medium STRING,
  utm_campaign STRING, utm_term STRING, utm_content STRING, campaign_id STRING,
  campaign_owner STRING, channel STRING, referrer STRING, referrer_domain STRING,
  user_agent STRING, device_class STRING, is_bot BOOLEAN, bot_reason STRING, visitor_id BIGINT,
  ip_network STRING, http_method STRING, redirect_status INT, country STRING, is_test BOOLEAN,
  source_partition INT, source_offset BIGINT
) WITH (${jdbc_options}, 'table-name' = 'clicks');

CREATE TABLE ch_clicks_minute (
  window_start TIMESTAMP(3), link_id STRING, campaign_id STRING, utm_source STRING,
  utm_medium STRING, utm_campaign STRING, channel STRING, country STRING, device_class STRING,
  is_bot BOOLEAN, clicks BIGINT, unique_visitors BIGINT, bot_clicks BIGINT, redirect_errors BIGINT
) WITH (${jdbc_options}, 'table-name' = 'clicks_minute');

CREATE TABLE ch_spike_alerts (
  link_id STRING, window_start TIMESTAMP(3), window_end TIMESTAMP(3), observed BIGINT,
  expected DOUBLE
) WITH (${jdbc_options}, 'table-name' = 'spike_alerts');

INSERT INTO ch_clicks
SELECT event_id, CAST(ts AS TIMESTAMP(3)), link_id, short_url, destination_url, utm_source_raw,
  utm_medium_raw, utm_campaign_raw, utm_term_raw, utm_content_raw, utm_source, utm_medium,
  utm_campaign, utm_term, utm_content, campaign_id, campaign_owner, channel, referrer,
  referrer_domain, user_agent, device_class, bot_reason <> '', bot_reason, visitor_id, ip_network,
  http_method, redirect_status, country, is_test, kafka_partition, kafka_offset
FROM enriched_clicks;

INSERT INTO ch_clicks_minute
SELECT window_start, link_id, campaign_id, utm_source, utm_medium, utm_campaign, channel, country,
  device_class, is_bot,
  COUNT(*),
  COUNT(DISTINCT visitor_id),
  CAST(SUM(CASE WHEN is_bot THEN 1 ELSE 0 END) AS BIGINT),
  CAST(SUM(CASE WHEN redirect_status = 0 OR redirect_status >= 400 THEN 1 ELSE 0 END) AS BIGINT)
FROM TABLE(TUMBLE(TABLE counted_clicks, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end, link_id, campaign_id, utm_source, utm_medium, utm_campaign,
  channel, country, device_class, is_bot;

-- The spike rule's defaults: 2 minutes in a row at >= 30 human clicks, >= 2x the baseline and
-- >= baseline + 5 spreads (spread = max(sqrt(mean), 1)), after 15 minutes of history. One alert per
-- run of spiking minutes, at its second minute: what MATCH_RECOGNIZE PATTERN (N S{2}) AFTER MATCH
-- SKIP PAST LAST ROW gave, written with LAG, since that CEP operator took 58 % of the peer's CPU.
INSERT INTO ch_spike_alerts
SELECT link_id, prev_start, window_end, CAST(GREATEST(prev_humans, humans) AS BIGINT), prev_mean
FROM (
  SELECT link_id, window_end, humans, spiking,
    LAG(spiking, 1) OVER v AS prev_spiking,
    LAG(spiking, 2) OVER v AS prev2_spiking,
    LAG(window_start, 1) OVER v AS prev_start,
    LAG(humans, 1) OVER v AS prev_humans,
    LAG(base_mean, 1) OVER v AS prev_mean
  FROM (
    SELECT window_start, window_end, window_time, link_id, humans, base_mean,
      base_minutes >= 15 AND humans >= 30 AND humans >= 2 * base_mean
        AND humans >= base_mean + 5 * GREATEST(SQRT(base_mean), 1) AS spiking
    FROM link_baselines)
  WINDOW v AS (PARTITION BY link_id ORDER BY window_time))
WHERE spiking AND prev_spiking AND NOT prev2_spiking;
