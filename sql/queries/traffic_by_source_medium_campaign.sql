-- Clicks, human clicks and exact unique visitors by normalized source, medium and campaign over [from, to) (whole hours).
SELECT
    utm_source,
    utm_medium,
    utm_campaign,
    uniqExactMerge(clicks) AS total_clicks,
    uniqExactMergeIf(clicks, NOT is_bot) AS human_clicks,
    uniqExactMerge(visitors) AS unique_visitors
FROM clicks_hourly
WHERE hour >= toStartOfHour({from:DateTime}) AND hour < {to:DateTime}
GROUP BY utm_source, utm_medium, utm_campaign
ORDER BY total_clicks DESC, utm_source, utm_medium, utm_campaign
