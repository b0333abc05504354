-- Per day over [from, to) (whole days): human and bot clicks, the bot share, and bot clicks by reason.
SELECT
    day,
    sumIf(n, NOT is_bot) AS human_clicks,
    sumIf(n, is_bot) AS bot_clicks,
    if(human_clicks + bot_clicks = 0, 0, round(bot_clicks / (human_clicks + bot_clicks), 4)) AS bot_share,
    sumMapIf(map(bot_reason, n), is_bot) AS bot_clicks_by_reason
FROM
(
    -- Each click has one bot reason, so per-reason counts add up exactly.
    SELECT day, is_bot, bot_reason, uniqExactMerge(clicks) AS n
    FROM clicks_daily
    WHERE day >= toDate({from:DateTime}) AND day < toDate({to:DateTime})
    GROUP BY day, is_bot, bot_reason
)
GROUP BY day
ORDER BY day
