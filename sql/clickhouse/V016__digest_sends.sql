-- Scheduled digests sent (issue #18 item 6, docs/delivery.md "Digest on a schedule"): one row per
-- route, period and destination that got the digest. The delivery job keeps the last period sent in
-- Flink state; this table is what a job started without a savepoint reads, so it neither resends a
-- period already sent nor sends one to a destination that already has it.
--
-- route is the route's key (route-0 for the first route in the file), period_end the scheduled
-- send time that ended the period. A second row for the same key (a send that was retried after a
-- crash) collapses: ReplacingMergeTree keeps the latest sent_at.
CREATE TABLE IF NOT EXISTS digest_sends
(
    route         LowCardinality(String),
    period_end    DateTime64(3, 'UTC'),
    destination   LowCardinality(String),
    period_start  DateTime64(3, 'UTC'),
    time_zone     LowCardinality(String),
    webhook_id    String,
    sent_at       DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(sent_at)
ORDER BY (route, period_end, destination);
