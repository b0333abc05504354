-- The alert's context (docs/alerts.md, "The alert event"): the same JSON object as the `context`
-- field of the Kafka event, so the table and the topic never disagree and the context can grow
-- within schema v1 without a migration. Query it with JSONExtract*, for example
-- JSONExtractString(context, 'destination_url') or JSONExtractFloat(context, 'failing_share').
-- Rows written before this migration have '{}'.
ALTER TABLE alerts ADD COLUMN IF NOT EXISTS context String DEFAULT '{}' CODEC(ZSTD(3));
