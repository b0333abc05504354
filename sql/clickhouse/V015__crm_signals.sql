-- CRM signals (issue #18 item 1, docs/crm.md): one row per qualified-click match of the rules
-- file's crm: section, as the pipeline writes it to kafka.topic.crm-signals.
--
-- Idempotent: signal_id is a hash of the rule, the subject and the counted clicks' event ids, so a
-- replayed or redelivered signal has the same id and content and replaces its row. Read with FINAL.
-- No personal data: the contact is the CRM's opaque id (never an email or phone number, rejected
-- at validation), and no IP, user agent or visitor hash is stored.
CREATE TABLE IF NOT EXISTS crm_signals
(
    signal_id         String,
    rule              LowCardinality(String),
    kind              LowCardinality(String),
    route             LowCardinality(String),
    subject_type      LowCardinality(String),
    subject_id        String,
    contact_id        String,
    campaign_id       LowCardinality(String),
    campaign_name     String,
    link_ids          Array(String),
    click_count       UInt32,
    window_seconds    UInt32,
    first_click_time  DateTime64(3, 'UTC'),
    last_click_time   DateTime64(3, 'UTC'),
    trigger_click_id  String
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(last_click_time)
ORDER BY signal_id;
