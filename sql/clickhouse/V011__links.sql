-- The link catalog (issue #17, docs/links.md): what the pipeline knows of each link from the
-- `links` topic. The job writes one row per accepted link event (an older or equal version is
-- never written) into `link_events`; a materialized view copies each row into `links`.
--
-- Why two tables and one writer: `link_events` is the history (who changed a destination when,
-- what a deleted link was), which ReplacingMergeTree would merge away; `links` keeps the latest
-- version per link for joins and names, so queries need no argMax. Writing only `link_events`
-- and letting ClickHouse fill `links` keeps the two from ever disagreeing. Read `links` with FINAL
-- (or argMax by version) until its parts have merged.
CREATE TABLE IF NOT EXISTS link_events
(
    link_id          String,
    version          UInt64,
    event_id         String,
    event_type       LowCardinality(String),
    event_time       DateTime64(3, 'UTC'),
    short_url        String,
    destination_url  String,
    link_domain      LowCardinality(String),
    utm_source       String,
    utm_medium       String,
    utm_campaign     String,
    utm_term         String,
    utm_content      String,
    campaign_id      LowCardinality(String),
    campaign_name    String,
    owner            LowCardinality(String),
    tags             Array(String),
    priority         LowCardinality(String),
    qr_code_id       String,
    contact_id       String,
    import_id        String,
    created_by       String,
    expires_at       Nullable(DateTime64(3, 'UTC')),
    deleted          Bool,
    deleted_at       Nullable(DateTime64(3, 'UTC'))
)
-- Replays write the same (link_id, version) again: ReplacingMergeTree collapses them.
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(event_time)
ORDER BY (link_id, version);

-- The latest version of each link, deleted ones included (deleted = true): clicks after a
-- delete still find the link's owner and campaign. No TTL: a link is one row for good.
CREATE TABLE IF NOT EXISTS links AS link_events
ENGINE = ReplacingMergeTree(version)
ORDER BY link_id;

CREATE MATERIALIZED VIEW IF NOT EXISTS links_latest TO links AS
SELECT * FROM link_events;
