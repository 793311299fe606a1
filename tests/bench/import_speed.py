"""How fast a file of accounts imports, re-imports, and how long an enquiry takes to match.

    .venv/bin/python -m tests.bench.import_speed [--rows 10000] [--db URL]

Prints figures; asserts nothing. Uses a fresh SQLite file unless --db names an empty database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from server import feed, users
from server.database import make_engine, make_sessions
from server.enquiries import Enquiry, receive, set_routes
from server.imports.report import ImportReport
from server.imports.run import import_file
from server.schema import upgrade

CITIES = ("北京", "上海", "广州", "深圳", "杭州", "成都", "武汉", "西安")
WORDS = ("科技", "贸易", "实业", "电子", "物流", "餐饮", "建材", "医药", "机械", "文化")


def accounts_csv(rows: int, seed: int = 1) -> bytes:
    rng = random.Random(seed)
    lines = ["external_id:erp,name,phone,city,territory"]
    for n in range(rows):
        city = rng.choice(CITIES)
        name = f"{city}{rng.choice(WORDS)}{rng.choice(WORDS)}{n}有限公司"
        phone = f"1{rng.randint(3, 9)}{rng.randint(0, 10**9 - 1):09d}"
        lines.append(f"E{n},{name},{phone},{city},north")
    return ("\n".join(lines) + "\n").encode("gb18030")


def timed(label: str, rows: int, action: Callable[[], ImportReport]) -> ImportReport:
    start = time.perf_counter()
    result = action()
    seconds = time.perf_counter() - start
    print(f"{label:<28} {seconds:8.2f} s  {rows / seconds:10.0f} rows/s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--db")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(args.db or f"sqlite:///{Path(folder) / 'bench.db'}")
        upgrade(engine)
        sessions = make_sessions(engine)
        with feed.write_transaction(sessions.write) as session:
            north = users.ensure_territory(session, "north")
            users.add_user(
                session, name="rep", role="rep", territory_ids=[north], password_hash="-"
            )
            set_routes(session, '{"default": "north"}')
        data = accounts_csv(args.rows)
        print(f"{args.rows} account rows, {len(data) / 1e6:.1f} MB of GB18030 CSV, {engine.url}")
        timed("dry run (nothing written)", args.rows,
              lambda: import_file(sessions, "account", data, dry_run=True))  # fmt: skip
        first = timed("import (all created)", args.rows,
                      lambda: import_file(sessions, "account", data))  # fmt: skip
        again = timed("re-import (all unchanged)", args.rows,
                      lambda: import_file(sessions, "account", data))  # fmt: skip
        print(f"counts: {first.counts} then {again.counts}")
        enquiry = Enquiry(name="张三", phone="13800000000", city="北京", message="报价")
        start = time.perf_counter()
        with feed.write_transaction(sessions.write) as session:
            receive(session, enquiry, dt.date.today())
        print(f"one web enquiry against {args.rows} accounts: "
              f"{(time.perf_counter() - start) * 1000:.0f} ms")  # fmt: skip
        engine.dispose()


if __name__ == "__main__":
    main()
