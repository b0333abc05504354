-- Hourly and daily rollups, fed by materialized views from the raw `clicks` table (test traffic
-- excluded), for ranges longer than the minute table keeps and for fast dashboards.
--
-- Why uniqExact states even for click counts: a materialized view sees every INSERT, and after a
-- failure the job may insert a row again (the raw table collapses it, the view cannot). Counting
-- distinct event-id hashes instead of adding 1 per row makes the rollups exact under replays.
-- Unique visitors are exact over any range: merge the states (uniqExactMerge) across hours/days.
--
-- Retention: hourly 400 days, daily 5 years.
CREATE TABLE IF NOT EXISTS clicks_hourly
(
    hour             DateTime('UTC'),
    link_id          String,
    campaign_id      LowCardinality(String),
    utm_source       LowCardinality(String),
    utm_medium       LowCardinality(String),
    utm_campaign     LowCardinality(String),
    channel          LowCardinality(String),
    country          LowCardinality(String),
    device_class     LowCardinality(String),
    is_bot           Bool,
    bot_reason       LowCardinality(String),
    clicks           AggregateFunction(uniqExact, UInt64),
    visitors         AggregateFunction(uniqExact, Int64),
    redirect_errors  AggregateFunction(uniqExact, UInt64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (hour, link_id, campaign_id, utm_source, utm_medium, utm_campaign, channel, country, device_class, is_bot, bot_reason)
TTL hour + INTERVAL 400 DAY DELETE;

CREATE MATERIALIZED VIEW IF NOT EXISTS clicks_hourly_mv TO clicks_hourly AS
SELECT
    toStartOfHour(event_time) AS hour,
    link_id, campaign_id, utm_source, utm_medium, utm_campaign, channel, country, device_class, is_bot, bot_reason,
    uniqExactState(cityHash64(event_id)) AS clicks,
    uniqExactState(visitor_id) AS visitors,
    uniqExactIfState(cityHash64(event_id), coalesce(redirect_status = 0 OR redirect_status >= 400, false)) AS redirect_errors
FROM clicks
WHERE NOT is_test
GROUP BY hour, link_id, campaign_id, utm_source, utm_medium, utm_campaign, channel, country, device_class, is_bot, bot_reason;

CREATE TABLE IF NOT EXISTS clicks_daily
(
    day              Date,
    link_id          String,
    campaign_id      LowCardinality(String),
    utm_source       LowCardinality(String),
    utm_medium       LowCardinality(String),
    utm_campaign     LowCardinality(String),
    channel          LowCardinality(String),
    country          LowCardinality(String),
    device_class     LowCardinality(String),
    is_bot           Bool,
    bot_reason       LowCardinality(String),
    clicks           AggregateFunction(uniqExact, UInt64),
    visitors         AggregateFunction(uniqExact, Int64),
    redirect_errors  AggregateFunction(uniqExact, UInt64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (day, link_id, campaign_id, utm_source, utm_medium, utm_campaign, channel, country, device_class, is_bot, bot_reason)
TTL day + INTERVAL 5 YEAR DELETE;

CREATE MATERIALIZED VIEW IF NOT EXISTS clicks_daily_mv TO clicks_daily AS
SELECT
    toDate(event_time) AS day,
    link_id, campaign_id, utm_source, utm_medium, utm_campaign, channel, country, device_class, is_bot, bot_reason,
    uniqExactState(cityHash64(event_id)) AS clicks,
    uniqExactState(visitor_id) AS visitors,
    uniqExactIfState(cityHash64(event_id), coalesce(redirect_status = 0 OR redirect_status >= 400, false)) AS redirect_errors
FROM clicks
WHERE NOT is_test
GROUP BY day, link_id, campaign_id, utm_source, utm_medium, utm_campaign, channel, country, device_class, is_bot, bot_reason;
