-- Rewards: frozen months, the panelist's reward choices, and surveys.

-- One row per ended month, written by the first write after the month ends
-- and never changed: deleting a receipt of an ended month, or purging it
-- under the retention rule, leaves the month's reward as it was.
CREATE TABLE months (
    month        TEXT PRIMARY KEY,             -- YYYY-MM, panel month
    counted      INTEGER NOT NULL,             -- receipts counted toward the reward
    receipts     INTEGER NOT NULL,             -- receipts in all, counted and extra
    quota        INTEGER NOT NULL,             -- receipts that could count
    model        TEXT NOT NULL CHECK (model IN ('monthly', 'per_receipt')),
    reward_minor INTEGER NOT NULL,             -- what the receipts earned
    max_minor    INTEGER NOT NULL,             -- the most they could have earned
    surveys      INTEGER NOT NULL,
    survey_minor INTEGER NOT NULL,             -- what the month's surveys earned
    currency     TEXT NOT NULL,
    destination  TEXT NOT NULL,                -- 'balance' or 'charity:ID'
    closed_at    TEXT NOT NULL                 -- RFC 3339 UTC
) STRICT;

-- Every choice of where rewards go, in order. A choice holds from the month
-- it was made in (the open month then) until the next one.
CREATE TABLE reward_choices (
    seq         INTEGER PRIMARY KEY,
    chosen_at   TEXT NOT NULL,                 -- RFC 3339 UTC
    month       TEXT NOT NULL,                 -- the open month when chosen
    destination TEXT NOT NULL CHECK (destination = 'balance' OR destination LIKE 'charity:_%')
) STRICT;

-- Surveys the panelist took. A survey's reward joins the reward of the month
-- it was recorded in, and goes where that month's reward goes.
CREATE TABLE surveys (
    id           TEXT PRIMARY KEY,
    recorded_at  TEXT NOT NULL,                -- RFC 3339 UTC
    month        TEXT NOT NULL,                -- panel month when recorded
    taken_on     TEXT NOT NULL,                -- YYYY-MM-DD
    title        TEXT NOT NULL,
    reward_minor INTEGER NOT NULL CHECK (reward_minor >= 0),
    currency     TEXT NOT NULL
) STRICT;

CREATE INDEX surveys_by_month ON surveys (month);

-- Receipts per month and state, kept by triggers in the transaction of every
-- change to `receipts`, so that reading a month's counts is one lookup
-- however many receipts it holds (`panel status` never counts rows).
CREATE TABLE month_counts (
    month   TEXT PRIMARY KEY,
    counted INTEGER NOT NULL DEFAULT 0 CHECK (counted >= 0),
    extra   INTEGER NOT NULL DEFAULT 0 CHECK (extra >= 0)
) STRICT;

INSERT INTO month_counts (month, counted, extra)
SELECT month, count(*) FILTER (WHERE state = 'counted'), count(*) FILTER (WHERE state = 'extra')
FROM receipts GROUP BY month;

CREATE TRIGGER month_counts_after_insert AFTER INSERT ON receipts BEGIN
    INSERT INTO month_counts (month, counted, extra)
    VALUES (NEW.month, NEW.state = 'counted', NEW.state = 'extra')
    ON CONFLICT (month) DO UPDATE SET
        counted = counted + (NEW.state = 'counted'),
        extra = extra + (NEW.state = 'extra');
END;

CREATE TRIGGER month_counts_after_delete AFTER DELETE ON receipts BEGIN
    UPDATE month_counts SET
        counted = counted - (OLD.state = 'counted'),
        extra = extra - (OLD.state = 'extra')
    WHERE month = OLD.month;
END;

CREATE TRIGGER month_counts_after_update AFTER UPDATE OF month, state ON receipts BEGIN
    UPDATE month_counts SET
        counted = counted - (OLD.state = 'counted'),
        extra = extra - (OLD.state = 'extra')
    WHERE month = OLD.month;
    INSERT INTO month_counts (month, counted, extra)
    VALUES (NEW.month, NEW.state = 'counted', NEW.state = 'extra')
    ON CONFLICT (month) DO UPDATE SET
        counted = counted + (NEW.state = 'counted'),
        extra = extra + (NEW.state = 'extra');
END;
