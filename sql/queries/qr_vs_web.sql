-- Human clicks and visitors from QR scans versus everything else, per campaign, over [from, to) (whole hours).
SELECT
    campaign_id,
    if(channel = 'qr', 'qr', 'web') AS origin,
    uniqExactMergeIf(clicks, NOT is_bot) AS human_clicks,
    uniqExactMergeIf(visitors, NOT is_bot) AS human_visitors
FROM clicks_hourly
WHERE hour >= toStartOfHour({from:DateTime}) AND hour < {to:DateTime}
GROUP BY campaign_id, origin
ORDER BY campaign_id, origin
