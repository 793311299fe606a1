"""`search_p95_ms`: a keystroke in the account search until the list model holds the answer.

Each query is typed prefix by prefix into the real `AccountListModel` over the L replica
(`set_query`: the match count, which the list stops at 1,001, and the first page of rows); the
debounce pause of the search box is not counted. The queries come from the replica itself:
part of a Chinese name, part of a Latin name, the pinyin initials of a Chinese name, and the
digits of a phone number.
"""

from __future__ import annotations

import re
import sqlite3
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

from local_store.search_keys import pinyin_keys
from tests.bench.world import World, rep
from ui.account_list import AccountListModel

_CJK = re.compile(r"[\u4e00-\u9fff]")
_NON_DIGIT = re.compile(r"\D+")


def queries(replica: Path) -> dict[str, str]:
    """What the benchmark types, by kind, taken from fixed accounts of the replica."""
    with sqlite3.connect(replica) as connection:
        rows = connection.execute("SELECT name, phone FROM account ORDER BY id LIMIT 200")
        accounts = rows.fetchall()
    connection.close()
    chinese = next(name for name, _ in accounts if _CJK.search(name))
    latin = next(name for name, _ in accounts if not _CJK.search(name))
    phone = next(phone for _, phone in accounts if phone and len(_NON_DIGIT.sub("", phone)) >= 8)
    return {
        "chinese_name": chinese[2:6],
        "latin_name": latin.split()[0][:6],
        "pinyin_initials": pinyin_keys(chinese)[2][:4],
        "phone": _NON_DIGIT.sub("", phone)[-8:],
    }


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measure(world: World, synced_replica: Path, repeats: int) -> tuple[float, dict[str, str], int]:
    """(p95 milliseconds over every keystroke of every query, the queries typed, keystrokes)."""
    app = QApplication.instance() or QApplication([])
    world.place_replica(rep(), synced_replica)
    workspace = world.sign_in(rep())
    typed = queries(workspace.replica.path)
    model = AccountListModel(workspace)
    timings: list[float] = []
    try:
        for _ in range(repeats):
            for query in typed.values():
                for end in range(1, len(query) + 1):
                    started = time.perf_counter()
                    model.set_query(query[:end])
                    timings.append((time.perf_counter() - started) * 1000)
                    app.processEvents()
                model.set_query("")
    finally:
        workspace.close()
    return percentile(timings, 0.95), typed, len(timings)
