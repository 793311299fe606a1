"""Search-as-you-type on a 100,000-account replica: how long the account list waits per query.

Builds a replica from the deterministic demo data (as sync would fill it), then times what the
account list asks for each typed query: the match count and the first page. Prints p50 and p95
per kind of query and overall. Run: `.venv/bin/python -m tests.bench.search_100k [--accounts N]`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
import uuid
from pathlib import Path

from local_store import queries
from local_store.db import Replica
from protocol.sync import Change
from server.demo_data import generate
from sync.replica_side import apply_changes

QUERIES = {
    "chinese substring": ["北京", "科技", "贸易有限", "华南"],
    "pinyin initials": ["bjkj", "shm", "gz"],
    "full pinyin": ["beijingkeji", "shanghai", "keji"],
    "latin name": ["ocean", "trading", "tools", "smith"],
    "phone": ["+86 10 1234 5678", "010-12345678", "1234 5678", "138"],
    "city": ["haidian", "pudong", "天河"],
    "typing": ["b", "be", "bei", "beij", "beiji"],
}
PAGE = 200
REPEAT = 5


def build(path: Path, accounts: int) -> Replica:
    territory = str(uuid.uuid5(uuid.NAMESPACE_URL, "bench:territory"))
    owner = str(uuid.uuid5(uuid.NAMESPACE_URL, "bench:owner"))
    replica = Replica(path)
    batch: list[Change] = []

    def flush() -> None:
        with replica.session() as session:
            apply_changes(session, batch)
        batch.clear()

    records = generate(
        seed=7,
        accounts=accounts,
        territories={territory: "north"},
        owners={territory: [owner]},
        today=dt.date.today(),
    )
    for entity, record_id, fields in records:
        batch.append(Change(entity=entity, record_id=record_id, version=1, fields=fields))
        if len(batch) >= 5000:
            flush()
    flush()
    return replica


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument(
        "--replica", type=Path, help="an existing replica to measure instead of building one"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        started = time.perf_counter()
        if args.replica:
            replica = Replica(args.replica)  # brought up to the current schema on opening
            print(f"opened {args.replica} in {time.perf_counter() - started:.1f} s")
        else:
            replica = build(Path(workdir) / "bench.db", args.accounts)
            print(f"built {args.accounts} accounts in {time.perf_counter() - started:.1f} s")
        overall: list[float] = []
        for kind, typed in QUERIES.items():
            timings: list[float] = []
            for query in typed:
                for _ in range(REPEAT):
                    began = time.perf_counter()
                    with replica.session() as session:
                        total = queries.count_accounts(session, query)
                        queries.search_accounts(session, query, limit=PAGE, total=total)
                    timings.append((time.perf_counter() - began) * 1000)
            overall += timings
            print(
                f"{kind:18} p50 {statistics.median(timings):6.1f} ms"
                f"  p95 {percentile(timings, 0.95):6.1f} ms  (last: {total} matches)"
            )
        print(
            f"{'all queries':18} p50 {statistics.median(overall):6.1f} ms"
            f"  p95 {percentile(overall, 0.95):6.1f} ms"
        )
        replica.close()


if __name__ == "__main__":
    main()
