"""Writes COUNT panelists' JSONL exports into FOLDER, in the shape of
`panel audit export --format jsonl`, for the analysis benchmarks.

    python3 examples/spark/generate.py FOLDER COUNT
"""

import json
import os
import random
import sys

CATEGORIES = ["grocery", "pharmacy", "restaurant", "cinema", "fuel", "department store", "other"]
KINDS = ["email", "phone", "card", "name", "address", "loyalty"]
MONTHS = ["2026-01", "2026-02", "2026-03"]


def export(rng: random.Random, panelist: int) -> str:
    lines = [{"type": "summary", "format": "panel-audit-export", "version": 2, "scope": "full", "size": 0, "root": "0" * 64}]
    seq = 0
    for month in MONTHS:
        for r in range(rng.randint(5, 15)):
            seq += 1
            withheld = {k: rng.randint(1, 3) for k in rng.sample(KINDS, rng.randint(0, 2))}
            category = rng.choice(CATEGORIES)
            health = category == "pharmacy" and rng.random() < 0.3
            receipt = f"p{panelist:05d}r{seq:04d}"
            lines.append({"type": "entry", "leaf": "0" * 64, "entry": {"event": "receipt_shared", "receipt": receipt, "seq": seq}})
            lines.append({
                "type": "receipt", "id": receipt, "submitted_at": f"{month}-15T10:00:00Z", "month": month,
                "category": category, "withheld": withheld, "shared_by_choice": {}, "health_consent": health,
                "state": "counted",
                "fields": {"merchant": f"Shop {rng.randint(1, 500)}", "purchase_date": f"{month}-14",
                           "total_minor": rng.randint(100, 20000), "currency": "USD", "items": []},
                "shared_content": None, "device": None, "deleted": None, "commitment": "0" * 64, "opening": "0" * 64,
            })
        lines.append({"type": "reward", "month": month, "counted": 10, "receipts": 10, "reward_minor": 1000,
                      "surveys": 0, "survey_minor": 0, "total_minor": 1000, "currency": "USD",
                      "destination": "balance", "state": "paid", "closed_at": f"{month}-28T00:00:00Z"})
    return "".join(json.dumps(line, separators=(",", ":")) + "\n" for line in lines)


def main() -> None:
    folder, count = sys.argv[1], int(sys.argv[2])
    os.makedirs(folder, exist_ok=True)
    rng = random.Random(7)
    for i in range(count):
        with open(os.path.join(folder, f"panelist-{i:05d}.jsonl"), "w") as f:
            f.write(export(rng, i))


if __name__ == "__main__":
    main()
