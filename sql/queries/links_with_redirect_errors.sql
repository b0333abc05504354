-- Links whose redirects failed (status >= 400 or unreachable) over [from, to) (whole hours), worst first, with the error rate.
SELECT
    link_id,
    any(campaign_id) AS campaign_id,
    uniqExactMerge(redirect_errors) AS errors,
    uniqExactMerge(clicks) AS total_clicks,
    round(errors / total_clicks, 4) AS error_rate
FROM clicks_hourly
WHERE hour >= toStartOfHour({from:DateTime}) AND hour < {to:DateTime}
GROUP BY link_id
HAVING errors > 0
ORDER BY errors DESC, link_id
