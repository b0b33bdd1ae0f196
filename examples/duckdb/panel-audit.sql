-- A whole panel's JSONL exports, read as they are by DuckDB:
--     cd FOLDER-WITH-exports && duckdb < panel-audit.sql
-- Each line of an export is one record with a "type", every file is one
-- panelist. Verify the files first (`panel audit verify exports/`).
CREATE VIEW records AS
    SELECT filename AS panelist, json AS r
    FROM read_ndjson_objects('exports/*.jsonl', filename = true)
    WHERE json ->> 'type' = 'receipt';

-- Receipts by month and category across panelists (deleted ones included:
-- their month and category stay in the ledger).
SELECT r ->> 'month' AS month, r ->> 'category' AS category,
       count(*) AS receipts, count(DISTINCT panelist) AS panelists
FROM records GROUP BY ALL ORDER BY ALL;

-- Kinds of personal data withheld, with how often.
SELECT kind, sum(CAST(r -> 'withheld' ->> kind AS BIGINT)) AS times
FROM (SELECT r, unnest(json_keys(r -> 'withheld')) AS kind FROM records)
GROUP BY ALL ORDER BY ALL;

-- Health data shared by consent, by month.
SELECT r ->> 'month' AS month,
       count(*) FILTER (WHERE CAST(r ->> 'health_consent' AS BOOLEAN)) AS with_health_consent,
       count(*) AS receipts
FROM records GROUP BY ALL ORDER BY ALL;
