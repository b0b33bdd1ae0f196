"""Runs each statement of a .sql file in DuckDB from the current folder and
prints each result as one JSON array per line (for the test that checks
the documented query)."""

import json
import sys

import duckdb

con = duckdb.connect()
with open(sys.argv[1]) as f:
    statements = [s for s in f.read().split(";") if any(l.strip() and not l.strip().startswith("--") for l in s.splitlines())]
for statement in statements:
    cursor = con.execute(statement)
    code = " ".join(l for l in statement.splitlines() if not l.strip().startswith("--")).strip()
    if code.upper().startswith("SELECT"):
        print(json.dumps(cursor.fetchall(), default=str))
