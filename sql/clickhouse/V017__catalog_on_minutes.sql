-- The minute aggregates with the link catalog's fields (issue #17): each clicks_minute row with its
-- link's campaign name, owner, tags, priority and contact id as the catalog knows them now.
--
-- A view, not columns of clicks_minute: the aggregates are keyed by link id, so joining the catalog
-- gives every minute its link's current names (a renamed campaign is renamed in every past minute
-- too), and neither the per-click path to the minute windows nor each of the millions of minute rows
-- grows by five strings (issue #15 counts both). Stored clicks carry the stamp as it was at the
-- click (V012); the minutes carry the catalog as it is.
--
-- The latest version per link is computed here rather than by replacing link_names (V012) with a
-- contact_id column: replacing a view needs DROP VIEW, which the migrator account does not have.
CREATE VIEW IF NOT EXISTS clicks_minute_catalog AS
SELECT
    m.window_start          AS window_start,
    m.link_id               AS link_id,
    m.campaign_id           AS campaign_id,
    m.utm_source            AS utm_source,
    m.utm_medium            AS utm_medium,
    m.utm_campaign          AS utm_campaign,
    m.channel               AS channel,
    m.country               AS country,
    m.device_class          AS device_class,
    m.is_bot                AS is_bot,
    m.clicks                AS clicks,
    m.unique_visitors       AS unique_visitors,
    m.bot_clicks            AS bot_clicks,
    m.redirect_errors       AS redirect_errors,
    n.campaign_name         AS campaign_name,
    n.owner                 AS link_owner,
    n.tags                  AS link_tags,
    n.priority              AS link_priority,
    n.contact_id            AS contact_id
FROM clicks_minute AS m FINAL
LEFT JOIN
(
    SELECT
        link_id,
        argMax(campaign_name, version) AS campaign_name,
        argMax(owner, version)         AS owner,
        argMax(tags, version)          AS tags,
        argMax(priority, version)      AS priority,
        argMax(contact_id, version)    AS contact_id
    FROM links
    GROUP BY link_id
) AS n ON n.link_id = m.link_id;
