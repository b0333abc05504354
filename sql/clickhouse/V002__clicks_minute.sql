-- One-minute aggregates computed by the pipeline job (event time, test traffic excluded).
--
-- A window fires when the watermark passes its end and again for each late event within the
-- allowed lateness; every firing inserts a row. ReplacingMergeTree(clicks) keeps, per window and
-- key, the row with the most clicks: a later firing only ever adds events, and a replay of the same
-- firing writes an identical row. Query with FINAL (or argMax) to see one row per window and key.
-- Retention: 30 days (hourly and daily rollups keep longer history).
CREATE TABLE IF NOT EXISTS clicks_minute
(
    window_start          DateTime('UTC'),
    link_id               String,
    campaign_id           LowCardinality(String),
    utm_source            LowCardinality(String),
    utm_medium            LowCardinality(String),
    utm_campaign          LowCardinality(String),
    channel               LowCardinality(String),
    country               LowCardinality(String),
    device_class          LowCardinality(String),
    is_bot                Bool,
    clicks                UInt64,
    unique_visitors       UInt64,
    bot_clicks            UInt64,
    bot_clicks_by_reason  Map(LowCardinality(String), UInt64),
    redirect_errors       UInt64
)
ENGINE = ReplacingMergeTree(clicks)
PARTITION BY toYYYYMMDD(window_start)
ORDER BY (window_start, link_id, campaign_id, utm_source, utm_medium, utm_campaign, channel, country, device_class, is_bot)
TTL window_start + INTERVAL 30 DAY DELETE;
