-- Raw clicks: one row per distinct event_id, written by the pipeline job.
--
-- Idempotent writes: after a failure the job replays from its last checkpoint and may insert
-- rows again. ReplacingMergeTree collapses rows with the same sorting key, and event_id is in it,
-- so `SELECT ... FROM clicks FINAL` (or any query after background merges) counts each event once.
--
-- Sorting key: analysts filter by time first, then drill into links; the hour bucket keeps the
-- primary index useful for both. Retention: 90 days of raw rows (rollups keep longer history);
-- change it with a new migration: ALTER TABLE clicks MODIFY TTL ...
CREATE TABLE IF NOT EXISTS clicks
(
    event_id          String,
    event_time        DateTime64(3, 'UTC') CODEC(DoubleDelta, ZSTD(1)),
    link_id           String,
    short_url         String CODEC(ZSTD(3)),
    destination_url   String CODEC(ZSTD(3)),
    link_domain       LowCardinality(String),
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
    utm_unknown       Array(LowCardinality(String)),
    taxonomy_version  LowCardinality(String),
    campaign_id       LowCardinality(String),
    campaign_owner    LowCardinality(String),
    channel           LowCardinality(String),
    referrer          String CODEC(ZSTD(3)),
    referrer_domain   LowCardinality(String),
    user_agent        String CODEC(ZSTD(3)),
    browser           LowCardinality(String),
    browser_version   LowCardinality(String),
    os                LowCardinality(String),
    device_class      LowCardinality(String),
    is_bot            Bool,
    bot_reason        LowCardinality(String),
    visitor_id        Int64,
    ip_hash           Int64,
    ip_network        String,
    http_method       LowCardinality(String),
    redirect_status   Nullable(UInt16),
    country           LowCardinality(String),
    is_test           Bool,
    custom            Map(LowCardinality(String), String),
    source_partition  Int32,
    source_offset     Int64
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(event_time)
ORDER BY (toStartOfHour(event_time), link_id, event_id)
TTL toDateTime(event_time) + INTERVAL 90 DAY DELETE
SETTINGS index_granularity = 8192;
