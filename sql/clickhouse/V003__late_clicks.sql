-- Clicks that arrived later than the allowed lateness: they are in `clicks` but in no minute
-- aggregate. Kept so that raw counts and minute aggregates reconcile exactly, and so that
-- analysts can see how much arrives late. Idempotent like `clicks`. Retention: 30 days.
CREATE TABLE IF NOT EXISTS late_clicks
(
    event_id      String,
    event_time    DateTime64(3, 'UTC'),
    link_id       String,
    campaign_id   LowCardinality(String),
    is_bot        Bool
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMMDD(event_time)
ORDER BY (toStartOfMinute(event_time), link_id, event_id)
TTL toDateTime(event_time) + INTERVAL 30 DAY DELETE;
