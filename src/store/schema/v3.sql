-- Consents: every consent the panelist gave or withdrew, in order, and the
-- device data that accompanied each receipt.

-- Append-only: a change is a new row, so the history of each consent is
-- kept with its time. A device consent holds for the whole panel (no
-- receipt); a health consent is given for one receipt. `receipt` has no
-- foreign key on purpose: the history outlives a deleted receipt, and an id
-- is not personal data.
CREATE TABLE consents (
    seq     INTEGER PRIMARY KEY,
    kind    TEXT NOT NULL CHECK (kind IN ('device', 'health')),
    receipt TEXT NULL CHECK (kind = 'health' OR receipt IS NULL),
    granted INTEGER NOT NULL CHECK (granted IN (0, 1)),
    at      TEXT NOT NULL                  -- RFC 3339 UTC
) STRICT;

CREATE INDEX consents_by_kind ON consents (kind, seq);

-- JSON of the device data that accompanied the receipt, only when device
-- consent was on at submission; it goes with the row when it is deleted.
ALTER TABLE receipts ADD COLUMN device TEXT NULL;

-- The line items shared with the receipt, JSON: [{description, quantity,
-- amount_minor}]. A health receipt's items are here only with consent.
ALTER TABLE receipts ADD COLUMN items TEXT NOT NULL DEFAULT '[]';

-- 1 when the panelist gave consent to share this receipt's health data
-- (its history, with the time, is in `consents`).
ALTER TABLE receipts ADD COLUMN health_consent INTEGER NOT NULL DEFAULT 0
    CHECK (health_consent IN (0, 1));
