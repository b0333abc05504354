-- One link's clicks, human clicks and unique visitors per minute over [from, to), near real time from the minute aggregates.
SELECT
    window_start AS minute,
    sum(clicks) AS total_clicks,
    sumIf(clicks, NOT is_bot) AS human_clicks,
    sum(unique_visitors) AS unique_visitors_upper_bound
FROM clicks_minute FINAL
WHERE link_id = {link_id:String} AND window_start >= {from:DateTime} AND window_start < {to:DateTime}
GROUP BY minute
ORDER BY minute
