-- Every attempt to deliver a notification (Slack message or signed webhook), by the delivery job and
-- the replay command. The destination is its name from the delivery config, never its URL (which
-- may be a secret). ReplacingMergeTree: a replayed attempt record collapses. Retention: 400 days.
CREATE TABLE IF NOT EXISTS alert_deliveries
(
    webhook_id    String,
    alert_id      String,
    destination   LowCardinality(String),
    attempt       UInt16,
    attempted_at  DateTime64(3, 'UTC'),
    http_status   UInt16,
    outcome       LowCardinality(String),
    latency_ms    UInt32,
    error         String
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(attempted_at)
ORDER BY (destination, webhook_id, attempt, attempted_at)
TTL toDateTime(attempted_at) + INTERVAL 400 DAY DELETE;
