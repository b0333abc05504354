-- Conversions and their attribution (issue #18 item 2, docs/conversions.md). The job writes one
-- row per credited click: slot 0 is the conversion's last click (model 'last_click') or, when no
-- qualifying click led to it, the conversion alone (model 'none'); slots 1.. are its assisted
-- clicks (model 'assisted', weights summing to 1).
--
-- Exact under replays: the key is (conversion_id, slot) and the version attributed_at (the event
-- time the attribution was made at), so a redelivered or replayed conversion overwrites its rows,
-- and a later attribution that found its click (a 'none' row, then a 'last_click' one) wins. The key
-- has no click_id on purpose: a replay that credits another click must replace the row, not add a
-- second conversion. Read with FINAL (the view below does). A conversion's rows share its
-- conversion_time, the partition key: a producer must not change a conversion's event_time.
CREATE TABLE IF NOT EXISTS conversions
(
    conversion_id     String,
    slot              UInt8,
    conversion_type   LowCardinality(String),
    conversion_time   DateTime64(3, 'UTC'),
    amount            Decimal(18, 4),
    currency          LowCardinality(String),
    contact_id        String,
    visitor_id        Nullable(Int64),
    hint_link_id      String,
    hint_campaign_id  LowCardinality(String),
    is_test           Bool,
    model             LowCardinality(String),
    weight            Float64,
    click_id          String,
    click_time        Nullable(DateTime64(3, 'UTC')),
    link_id           String,
    campaign_id       LowCardinality(String),
    channel           LowCardinality(String),
    utm_source        LowCardinality(String),
    utm_medium        LowCardinality(String),
    utm_campaign      LowCardinality(String),
    attributed_at     DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(attributed_at)
PARTITION BY toYYYYMM(conversion_time)
ORDER BY (conversion_id, slot);

-- Per day (of the conversion), link, campaign and channel: conversions by type, assisted
-- conversions (the sum of assist weights), revenue per currency (amounts are never converted), the
-- human clicks of that day (clicks_daily, bots and test traffic excluded) and the conversion rate
-- conversions / human clicks (NULL without clicks). Conversions no click led to are on the row with
-- an empty link_id. Test conversions are left out. Over a range, divide the sums, do not average
-- the rates.
CREATE VIEW IF NOT EXISTS conversions_daily AS
WITH
    credited AS
    (
        SELECT
            toDate(conversion_time) AS day,
            link_id,
            campaign_id,
            channel,
            countIf(model != 'assisted') AS conversions,
            countIf(model != 'assisted' AND conversion_type = 'lead') AS leads,
            countIf(model != 'assisted' AND conversion_type = 'signup') AS signups,
            countIf(model != 'assisted' AND conversion_type = 'sale') AS sales,
            sumIf(weight, model = 'assisted') AS assisted_conversions,
            sumMapIf(map(currency, amount), model != 'assisted' AND currency != '') AS revenue
        FROM conversions FINAL
        WHERE NOT is_test
        GROUP BY day, link_id, campaign_id, channel
    ),
    clicked AS
    (
        SELECT
            day,
            link_id,
            campaign_id,
            channel,
            uniqExactMerge(clicks) AS human_clicks
        FROM clicks_daily
        WHERE NOT is_bot
        GROUP BY day, link_id, campaign_id, channel
    )
SELECT
    day,
    link_id,
    campaign_id,
    channel,
    human_clicks,
    conversions,
    leads,
    signups,
    sales,
    assisted_conversions,
    revenue,
    if(human_clicks = 0, NULL, conversions / human_clicks) AS conversion_rate
FROM credited
FULL OUTER JOIN clicked USING (day, link_id, campaign_id, channel);
