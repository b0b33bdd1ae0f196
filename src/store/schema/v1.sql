-- Settings the store keeps for itself, such as the key of its keyed hashes.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value BLOB NOT NULL
) STRICT;

-- One row per receipt shared. Only what was shared is kept: never the
-- original file, and no plain hash of it.
CREATE TABLE receipts (
    id            TEXT PRIMARY KEY,
    submitted_at  TEXT NOT NULL,             -- RFC 3339 UTC
    month         TEXT NOT NULL,             -- panel month of submission, YYYY-MM
    purchase_date TEXT,                      -- YYYY-MM-DD
    merchant      TEXT,
    total_minor   INTEGER,
    currency      TEXT NOT NULL,
    category      TEXT NOT NULL,
    state         TEXT NOT NULL CHECK (state IN ('counted', 'extra')),
    source_kind   TEXT NOT NULL,
    content_key   BLOB NOT NULL UNIQUE,      -- keyed hash of the file's bytes
    fields_key    BLOB UNIQUE,               -- keyed hash of merchant, date, total
    secret        BLOB NOT NULL,             -- salts the ledger commitment; dies with the row
    withheld      TEXT NOT NULL DEFAULT '{}' -- JSON: kind -> count
) STRICT;

CREATE INDEX receipts_by_month ON receipts (month, state);

-- The content that was shared (a re-encoded image or redacted text), kept
-- apart so that listing receipts never reads it.
CREATE TABLE shared_content (
    receipt_id TEXT PRIMARY KEY REFERENCES receipts (id) ON DELETE CASCADE,
    mime       TEXT NOT NULL,
    bytes      BLOB NOT NULL
) STRICT;

-- The history of every change, append-only: canonical JSON (RFC 8785)
-- holding ids, kinds, counts, times and hashes, never a personal value.
-- `event` and `receipt` repeat fields of the entry so that audits can find a
-- receipt's entries without parsing every one.
CREATE TABLE ledger (
    seq     INTEGER PRIMARY KEY,
    event   TEXT NOT NULL,
    receipt TEXT,
    entry   TEXT NOT NULL
) STRICT;

CREATE INDEX ledger_by_receipt ON ledger (receipt, event) WHERE receipt IS NOT NULL;
