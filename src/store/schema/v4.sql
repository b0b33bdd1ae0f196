-- Duplicates: merchant, date and total alone do not make two receipts one.
-- Two purchases of the same amount at the same shop on one day are told
-- apart by the time or the receipt number printed on them, so those are
-- kept too, as keyed hashes like the others. `fields_key` (unique) is no
-- longer written; its values move to `match_key`, which may repeat.
ALTER TABLE receipts ADD COLUMN match_key BLOB;     -- keyed hash of merchant, date, total
ALTER TABLE receipts ADD COLUMN time_key BLOB;      -- keyed hash of the printed time
ALTER TABLE receipts ADD COLUMN number_key BLOB;    -- keyed hash of the receipt number
UPDATE receipts SET match_key = fields_key, fields_key = NULL;
CREATE INDEX receipts_by_match ON receipts (match_key) WHERE match_key IS NOT NULL;
