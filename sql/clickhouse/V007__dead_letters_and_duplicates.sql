-- Rejected records and dropped duplicates, for the pipeline-health dashboard (rates by reason).
-- The full rejected payload stays on the Kafka dead-letter topic; here only what dashboards need.
-- Keyed by source coordinates, so replays collapse. Retention: 30 days.
CREATE TABLE IF NOT EXISTS dead_letters
(
    rejected_at     DateTime64(3, 'UTC'),
    reason          LowCardinality(String),
    detail          String,
    topic           LowCardinality(String),
    partition       Int32,
    offset          Int64,
    event_id        String
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMMDD(rejected_at)
ORDER BY (topic, partition, offset, reason)
TTL toDateTime(rejected_at) + INTERVAL 30 DAY DELETE;

CREATE TABLE IF NOT EXISTS duplicate_clicks
(
    event_time      DateTime64(3, 'UTC'),
    event_id        String,
    partition       Int32,
    offset          Int64
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMMDD(event_time)
ORDER BY (partition, offset)
TTL toDateTime(event_time) + INTERVAL 30 DAY DELETE;
