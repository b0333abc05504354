-- The link catalog on clicks (issue #17 part 3, docs/links.md "In the pipeline"): when the link
-- stage runs, the job stamps each click with what the catalog knows of its link at the time the
-- click was read. Empty ('' and []) for clicks of links the catalog does not know, for rows
-- written before this migration, and for runs without the link stage.
--
-- link_owner, not owner: campaign_owner (V001) is what the click itself carried.
-- contact_id is a CRM contact id (never a name or an address): one per one-to-one link, so many
-- values; a plain compressed String rather than LowCardinality.
ALTER TABLE clicks
    ADD COLUMN IF NOT EXISTS campaign_name LowCardinality(String) DEFAULT '',
    ADD COLUMN IF NOT EXISTS link_owner    LowCardinality(String) DEFAULT '',
    ADD COLUMN IF NOT EXISTS link_tags     Array(LowCardinality(String)) DEFAULT [],
    ADD COLUMN IF NOT EXISTS link_priority LowCardinality(String) DEFAULT '',
    ADD COLUMN IF NOT EXISTS contact_id    String DEFAULT '' CODEC(ZSTD(3));

-- Names for ids, for dashboards, the digest and reports: the latest version of every link (deleted
-- ones included, flagged), one row per link_id without FINAL in the caller. Joins on link_id:
--   SELECT c.link_id, n.campaign_name, n.owner, count() FROM clicks c
--   LEFT JOIN link_names n USING link_id GROUP BY c.link_id, n.campaign_name, n.owner
-- A view over `links` rather than a dictionary: it needs no credentials or refresh interval, and
-- it is never stale; the catalog is one row per link, small enough to read per query.
CREATE VIEW IF NOT EXISTS link_names AS
SELECT
    link_id,
    argMax(campaign_id, version)   AS campaign_id,
    argMax(campaign_name, version) AS campaign_name,
    argMax(owner, version)         AS owner,
    argMax(tags, version)          AS tags,
    argMax(priority, version)      AS priority,
    argMax(short_url, version)     AS short_url,
    argMax(deleted, version)       AS deleted,
    max(version)                   AS latest_version
FROM links
GROUP BY link_id;
