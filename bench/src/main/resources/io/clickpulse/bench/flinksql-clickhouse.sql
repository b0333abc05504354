-- Where the Flink SQL peer writes: the same engines and sorting keys as ClickPulse's tables, with
-- the columns the SQL version can fill (see flinksql-pipeline.sql for what it leaves out).
CREATE DATABASE IF NOT EXISTS ${database};

CREATE TABLE IF NOT EXISTS ${database}.clicks
(
    event_id          String,
    event_time        DateTime64(3, 'UTC') CODEC(DoubleDelta, ZSTD(1)),
    link_id           String,
    short_url         String CODEC(ZSTD(3)),
    destination_url   String CODEC(ZSTD(3)),
    utm_source_raw    String CODEC(ZSTD(3)),
    utm_medium_raw    String CODEC(ZSTD(3)),
    utm_campaign_raw  String CODEC(ZSTD(3)),
    utm_term_raw      String CODEC(ZSTD(3)),
    utm_content_raw   String CODEC(ZSTD(3)),
    utm_source        LowCardinality(String),
    utm_medium        LowCardinality(String),
    utm_campaign      LowCardinality(String),
    utm_term          String CODEC(ZSTD(3)),
    utm_content       String CODEC(ZSTD(3)),
    campaign_id       LowCardinality(String),
    campaign_owner    LowCardinality(String),
    channel           LowCardinality(String),
    referrer          String CODEC(ZSTD(3)),
    referrer_domain   LowCardinality(String),
    user_agent        String CODEC(ZSTD(3)),
    device_class      LowCardinality(String),
    is_bot            Bool,
    bot_reason        LowCardinality(String),
    visitor_id        Int64,
    ip_network        String,
    http_method       LowCardinality(String),
    redirect_status   Nullable(UInt16),
    country           LowCardinality(String),
    is_test           Bool,
    source_partition  Int32,
    source_offset     Int64,
    -- When the row landed: ClickHouse fills it, to time the last row without polling.
    landed_at         DateTime64(3) MATERIALIZED now64(3)
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(event_time)
ORDER BY (toStartOfHour(event_time), link_id, event_id);

CREATE TABLE IF NOT EXISTS ${database}.clicks_minute
(
    window_start     DateTime('UTC'),
    link_id          String,
    campaign_id      LowCardinality(String),
    utm_source       LowCardinality(String),
    utm_medium       LowCardinality(String),
    utm_campaign     LowCardinality(String),
    channel          LowCardinality(String),
    country          LowCardinality(String),
    device_class     LowCardinality(String),
    is_bot           Bool,
    clicks           UInt64,
    unique_visitors  UInt64,
    bot_clicks       UInt64,
    redirect_errors  UInt64,
    landed_at        DateTime64(3) MATERIALIZED now64(3)
)
ENGINE = ReplacingMergeTree(clicks)
PARTITION BY toYYYYMMDD(window_start)
ORDER BY (window_start, link_id, campaign_id, utm_source, utm_medium, utm_campaign, channel, country, device_class, is_bot);

CREATE TABLE IF NOT EXISTS ${database}.spike_alerts
(
    link_id       String,
    window_start  DateTime64(3, 'UTC'),
    window_end    DateTime64(3, 'UTC'),
    observed      Int64,
    expected      Float64,
    landed_at     DateTime64(3) MATERIALIZED now64(3)
)
ENGINE = ReplacingMergeTree
ORDER BY (link_id, window_start);
