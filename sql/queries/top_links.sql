-- The links with the most human clicks over [from, to) (whole hours), with their campaign and unique visitors.
SELECT
    link_id,
    any(campaign_id) AS campaign_id,
    uniqExactMergeIf(clicks, NOT is_bot) AS human_clicks,
    uniqExactMergeIf(visitors, NOT is_bot) AS human_visitors
FROM clicks_hourly
WHERE hour >= toStartOfHour({from:DateTime}) AND hour < {to:DateTime}
GROUP BY link_id
ORDER BY human_clicks DESC, link_id
LIMIT {limit:UInt32}
