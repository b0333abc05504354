-- Alert events as the pipeline detected them (the same events as the Kafka topic `alerts`).
-- alert_id is deterministic (rule, subject, window), so a replay writes the same rows again and
-- ReplacingMergeTree keeps one per alert and status. Retention: 400 days.
CREATE TABLE IF NOT EXISTS alerts
(
    alert_id       String,
    status         LowCardinality(String),
    rule           LowCardinality(String),
    severity       LowCardinality(String),
    subject_type   LowCardinality(String),
    subject_id     String,
    link_id        String,
    campaign_id    LowCardinality(String),
    owner          LowCardinality(String),
    window_start   DateTime64(3, 'UTC'),
    window_end     DateTime64(3, 'UTC'),
    observed       Float64,
    expected       Float64,
    reason         String,
    evidence       Map(LowCardinality(String), String),
    dashboard_url  String,
    fingerprint    String
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(window_start)
ORDER BY (alert_id, status)
TTL toDateTime(window_start) + INTERVAL 400 DAY DELETE;

-- Clients (keyed hash of IP + user agent, the clicks table's visitor_id) caught by a bot pattern.
-- Dashboards exclude their clicks: `WHERE visitor_id NOT IN (SELECT visitor_id FROM bot_clients)`.
-- Retention: 90 days, like the raw clicks.
CREATE TABLE IF NOT EXISTS bot_clients
(
    visitor_id      Int64,
    rule            LowCardinality(String),
    first_seen      DateTime64(3, 'UTC'),
    last_seen       DateTime64(3, 'UTC'),
    clicks          UInt32,
    distinct_links  UInt32,
    sample_links    String,
    user_agent      String
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(first_seen)
ORDER BY (visitor_id, rule, first_seen)
TTL toDateTime(first_seen) + INTERVAL 90 DAY DELETE;
