-- Exact unique visitors per campaign over [from, to) (whole hours), all and humans only; a visitor is one IP + user agent.
SELECT
    campaign_id,
    uniqExactMerge(visitors) AS all_visitors,
    uniqExactMergeIf(visitors, NOT is_bot) AS human_visitors
FROM clicks_hourly
WHERE hour >= toStartOfHour({from:DateTime}) AND hour < {to:DateTime}
GROUP BY campaign_id
ORDER BY all_visitors DESC, campaign_id
