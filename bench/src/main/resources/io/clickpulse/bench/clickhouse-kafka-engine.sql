-- Peer 2: ingestion inside ClickHouse. The Kafka table engine consumes the topic and parses the
-- JSON; materialized views validate and enrich what SQL can (no UTM taxonomy, no user-agent
-- parser: regular expressions instead), write the raw table and the minute aggregates. The
-- consumers start when queue_mv, created last, attaches; every view below it is in place by then.
--
-- What it leaves out compared with ClickPulse: deduplication happens only when ReplacingMergeTree
-- merges (plain counts include repeats until then; the minute table counts distinct event-id
-- hashes, so it is exact), rejects are filtered without reason codes or a dead-letter topic,
-- conflicts are not detected, there are no event-time windows (a minute row is merged from every
-- insert block that had clicks of that minute) and no alert rules.

CREATE DATABASE IF NOT EXISTS ${database};

CREATE TABLE ${database}.queue
(
    event_id         String,
    event_time       Int64,
    link_id          String,
    short_url        String,
    destination_url  String,
    utm_source       String,
    utm_medium       String,
    utm_campaign     String,
    utm_term         String,
    utm_content      String,
    campaign_id      String,
    campaign_owner   String,
    channel          String,
    referrer         String,
    user_agent       String,
    ip               String,
    http_method      String,
    redirect_status  Nullable(Int32),
    country          String,
    is_test          Bool
)
ENGINE = Kafka
SETTINGS kafka_broker_list = '${kafka}', kafka_topic_list = '${topic}', kafka_group_name = '${group}',
    kafka_format = 'JSONEachRow', kafka_num_consumers = ${consumers}, kafka_thread_per_consumer = 1,
    kafka_handle_error_mode = 'stream', kafka_max_block_size = 65536, kafka_flush_interval_ms = 500,
    input_format_skip_unknown_fields = 1;

-- Every consumed block passes through here (Null stores nothing) to the views below.
CREATE TABLE ${database}.parsed
(
    event_id String, event_time Int64, link_id String, short_url String, destination_url String,
    utm_source String, utm_medium String, utm_campaign String, utm_term String, utm_content String,
    campaign_id String, campaign_owner String, channel String, referrer String, user_agent String,
    ip String, http_method String, redirect_status Nullable(Int32), country String, is_test Bool,
    kafka_time DateTime64(3), kafka_partition UInt64, kafka_offset UInt64, error String
)
ENGINE = Null;

CREATE TABLE ${database}.clicks
(
    event_id          String,
    event_time        DateTime64(3, 'UTC') CODEC(DoubleDelta, ZSTD(1)),
    link_id           String,
    short_url         String CODEC(ZSTD(3)),
    destination_url   String CODEC(ZSTD(3)),
    utm_source_raw    String CODEC(ZSTD(3)),
    utm_medium_raw    String CODEC(ZSTD(3)),
    utm_campaign_raw  String CODEC(ZSTD(3)),
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
    visitor_id        Int64,
    ip_network        String,
    http_method       LowCardinality(String),
    redirect_status   Nullable(UInt16),
    country           LowCardinality(String),
    is_test           Bool,
    source_partition  Int32,
    source_offset     Int64,
    -- When the row landed, to time the run without polling error.
    landed_at         DateTime64(3) MATERIALIZED now64(3)
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(event_time)
ORDER BY (toStartOfHour(event_time), link_id, event_id);

CREATE TABLE ${database}.clicks_minute
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
    clicks           AggregateFunction(uniqExact, UInt64),
    unique_visitors  AggregateFunction(uniqExact, Int64),
    redirect_errors  AggregateFunction(uniqExact, UInt64),
    landed_at        SimpleAggregateFunction(max, DateTime64(3))
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMMDD(window_start)
ORDER BY (window_start, link_id, campaign_id, utm_source, utm_medium, utm_campaign, channel, country, device_class, is_bot);

CREATE TABLE ${database}.consumed
(
    records    UInt64,
    landed_at  DateTime64(3)
)
ENGINE = MergeTree
ORDER BY landed_at;

CREATE MATERIALIZED VIEW ${database}.clicks_mv TO ${database}.clicks AS
SELECT
    event_id,
    fromUnixTimestamp64Milli(event_time, 'UTC') AS event_time,
    link_id, short_url, destination_url,
    utm_source AS utm_source_raw, utm_medium AS utm_medium_raw, utm_campaign AS utm_campaign_raw,
    lowerUTF8(trimBoth(utm_source)) AS utm_source,
    lowerUTF8(trimBoth(utm_medium)) AS utm_medium,
    trimBoth(utm_campaign) AS utm_campaign,
    trimBoth(utm_term) AS utm_term,
    trimBoth(utm_content) AS utm_content,
    campaign_id, campaign_owner,
    lowerUTF8(trimBoth(channel)) AS channel,
    referrer,
    domainWithoutWWW(referrer) AS referrer_domain,
    user_agent,
    multiIf(match(user_agent, '(?i)bot|crawl|spider|curl|python-requests|headlesschrome|facebookexternalhit|whatsapp'), 'bot',
            match(user_agent, '(?i)ipad|tablet'), 'tablet',
            match(user_agent, '(?i)mobile|iphone|android'), 'phone',
            'desktop') AS device_class,
    device_class = 'bot' OR upper(http_method) = 'HEAD' AS is_bot,
    reinterpretAsInt64(sipHash64(concat('${secret}', ip, '|', user_agent))) AS visitor_id,
    multiIf(isIPv4String(ip), replaceOne(IPv4NumToStringClassC(toIPv4(ip)), 'xxx', '0/24'),
            concat(IPv6NumToString(tupleElement(IPv6CIDRToRange(toIPv6(ip), 48), 1)), '/48')) AS ip_network,
    if(http_method = '', 'GET', upper(http_method)) AS http_method,
    redirect_status,
    upper(country) AS country,
    is_test,
    toInt32(kafka_partition) AS source_partition,
    toInt64(kafka_offset) AS source_offset
-- Validation on the raw columns, in a subquery: the aliases above reuse their names.
FROM
(
    SELECT *
    FROM ${database}.parsed
    WHERE error = ''
      AND event_id != '' AND length(event_id) <= 128
      AND link_id != '' AND length(link_id) <= 128
      AND event_time BETWEEN toUnixTimestamp64Milli(kafka_time) - 7 * 86400000 AND toUnixTimestamp64Milli(kafka_time) + 300000
      AND match(short_url, '^https?://[^/?#\\s]+') AND match(destination_url, '^https?://[^/?#\\s]+')
      AND (isIPv4String(ip) OR isIPv6String(ip))
      AND length(user_agent) <= 1024 AND length(referrer) <= 4096
      AND (redirect_status IS NULL OR redirect_status = 0 OR redirect_status BETWEEN 100 AND 599)
      AND (country = '' OR match(country, '^[A-Za-z]{2}$'))
);

-- Cascades from every insert into clicks.
CREATE MATERIALIZED VIEW ${database}.clicks_minute_mv TO ${database}.clicks_minute AS
SELECT
    toStartOfMinute(event_time) AS window_start,
    link_id, campaign_id, utm_source, utm_medium, utm_campaign, channel, country, device_class, is_bot,
    uniqExactState(cityHash64(event_id)) AS clicks,
    uniqExactState(visitor_id) AS unique_visitors,
    uniqExactIfState(cityHash64(event_id), coalesce(redirect_status = 0 OR redirect_status >= 400, false)) AS redirect_errors,
    max(now64(3)) AS landed_at
FROM ${database}.clicks
WHERE NOT is_test
GROUP BY window_start, link_id, campaign_id, utm_source, utm_medium, utm_campaign, channel, country, device_class, is_bot;

CREATE MATERIALIZED VIEW ${database}.consumed_mv TO ${database}.consumed AS
SELECT count() AS records, now64(3) AS landed_at
FROM ${database}.parsed;

CREATE MATERIALIZED VIEW ${database}.queue_mv TO ${database}.parsed AS
SELECT *, _timestamp_ms AS kafka_time, _partition AS kafka_partition, _offset AS kafka_offset, _error AS error
FROM ${database}.queue;
