"""The figures as printed lines and as docs/benchmarks.md."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from tests.bench.datasets import Dataset

METHOD = """\
## How each figure is taken

- Server: a real `fieldbook-server serve` process on loopback. The client figures use a SQLite
  server database holding the dataset in one territory with two reps; the first rep's replica
  holds all of it. Its territory snapshots are switched off: its builder, started by the
  scheduler once the reps had synced, shared the machine's two cores with the client measured
  (the snapshot figures are taken on their own, below).
- `initial_sync_*_s`: median of up to 3 first syncs of a new laptop through a territory
  snapshot (no further one once they took 120 s): `app.sync_service.sync_now` on a freshly
  signed-in workspace, over HTTP, until the replica answers a search: the offer, the download
  of the zstd file, its checks (size, SHA-256, schema revision, search-key version, cursor and
  feed, the offer's counts and checksums computed on the file), the install (this client's
  own rows copied in, fsync, `os.replace`) and the pull from the snapshot's cursor. Until the
  server builds snapshots itself, the file is published from the replica the page pull made
  (`tests/support/snapshots.py`: backup copy, client rows stripped, zstd level 3) and served
  by a second server app in the benchmark process on the same database
  (`tests/bench/snapshot_sync.py`).
  `initial_sync_floor_ratio` divides it by the row floor of the page pull measured in the
  same run (below); `snapshot_install_floor_ratio` by the snapshot path's own floor, writing
  the decompressed file to a new file and `fsync`, median of the same runs.
- `initial_sync_pull_*_s`: the page pull, kept for servers without snapshots: median of up to
  3 initial syncs (no further one is started once they took 180 s) into a new, empty replica
  through the real `SyncEngine` and HTTP transport (pages of 5,000, gzip level 1, the next
  page fetched while one is applied, pages that have arrived joining one transaction of up to
  1 s, the indexes set aside and built once at the end). Its row floor, measured right after
  each sync: `orjson.loads` of the same pull pages' bytes plus raw `sqlite3` executemany of the
  synced replica's rows into a new replica of the same schema, loaded the same way (indexes set
  aside and built at the end, WAL, synchronous=NORMAL and the page cache of pulled pages, a
  commit each second).
- `incremental_sync_ms`: median of 15 rounds; in each another rep pushes 100 account edits
  (untimed), then the measured rep saves one new account and syncs (push 1, pull 100 + 1).
- `live_update_ms`: median of 15 changes; the measured rep's client (the synced replica) runs
  `sync.live.LiveUpdates` against the server and syncs when its long-poll answers, as an
  online app does; another rep's client pushes one new account; timed from the start of that
  push until the account can be read from the measured rep's replica file (looked at every
  2 ms through a separate SQLite connection).
- `startup_ms`: median of 5 starts of the real app (as the `fieldbook` command starts it: the
  garbage collector held off as `ui.entry` does, then `ui.main.main`, on a user who signed in
  before) from process start to the end of the first frame in which the main window was
  painted, Qt platform `offscreen`; the start-up sync runs in the background as usual.
- `screen_pop_ms`: median of 5 screen-pops to the running app of the same rep (started as for
  `startup_ms`; its start-up sync over, and 3 s more while the window builds Today's lines).
  Each starts the `fieldbook` command as the installed script does, `fieldbook lookup --phone
  NUMBER` for another account that alone has that number, half a second after the last, and
  is timed from that command's start to the end of the running window's frame that shows the
  caller's account on the call desk; Qt platform `offscreen`. The rep's window starts on
  Today, so the first pop also builds the call desk (an agent's starts on it); that pop's
  time is in the note.
- `search_p95_ms`: four queries taken from the replica (part of a Chinese name, part of a Latin
  name, pinyin initials, phone digits), each typed prefix by prefix into the real
  `AccountListModel.set_query` (match count, which stops at 1,001 as the list's does, and
  first page), 3 times; p95 over all keystrokes. The search box's 150 ms typing pause is not
  included.
- `client_rss_mb`: resident memory of the real app (offscreen) after its account list was
  fetched to the end, every page, as scrolling to the end does.
- `server_p99_ms`, `server_rps`, `server_max_rps`: a throwaway PostgreSQL cluster with
  dataset M over 10 territories, 5 reps each; 50 simulated clients (one per rep, one thread
  each, the real client transport), each starting from the head of the feed. A turn is a push
  of 1-5 account edits (30 % of turns) or pulls until drained (70 %); every HTTP request is
  one sample; server and clients share the machine. Two phases on the same server:
  - paced, 60 s: every client starts one turn each second (the first at a random moment of
    the first second), about 50 turns a second in all — far busier than 50 people, whose app
    syncs every 5 minutes, 3 s after a burst of edits and when the live long-poll reports a
    change. A turn that starts late because its client fell behind is timed from when it was
    due (no coordinated omission). `server_p99_ms` is the p99 of this phase's requests,
    `server_rps` the request rate it achieved;
  - saturation, 15 s: the same clients take their turns back to back, each the moment its
    last answer came. `server_max_rps` is the request rate: the server's capacity here. (A
    closed loop's mean latency is just 50 clients / rate, so its latency is not reported.)
- `team_report_ms`: a throwaway PostgreSQL cluster with dataset S over 10 territories, its
  activities copied on the database (`INSERT … SELECT generate_series`) to 1,000,000 with their
  normalised answers, `VACUUM ANALYZE`d; a real `fieldbook-server` process; a manager of all 10
  territories asks through the client transport for the purchase reasons of the field visit
  over the whole period with the weekly trend; median of 15 calls after one untimed call.
- `snapshot_build_*_s_sqlite`, `snapshot_build_*_s_postgresql`: `fieldbook-server snapshot build
  --territory KEY` for the dataset's territory, timed end to end as a subprocess, on a copy of
  the SQLite server database and on a new database of a throwaway PostgreSQL cluster holding
  the same dataset: the command serves the API on a loopback port, the builder program pulls
  the whole territory into a new working replica through the real client code (a first build),
  copies it with the backup API, strips it and compresses it with zstd level 3.
  `snapshot_bytes_*_mb`: the compressed file (SQLite's; PostgreSQL's holds the same records).
"""


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    target: str  # as the issue states it, e.g. "≤ 20" or "p95 ≤ 50"; "printed": no target
    decimals: int = 1
    note: str = ""  # how it was taken in this run (repeats, samples), for the report

    def line(self) -> str:
        return f"{self.name}: {self.value:.{self.decimals}f}"

    @property
    def met(self) -> bool | None:
        if "≤" not in self.target:
            return None
        return self.value <= float(self.target.split("≤")[1])


@dataclass(frozen=True)
class Run:
    started: dt.datetime
    dataset: Dataset
    seed: int
    quick: bool
    machine: dict[str, str]
    figures: list[Figure]


def render(run: Run) -> str:
    d = run.dataset
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`python -m tests.bench`); do not edit by hand.",
        "",
        f"Run {run.started:%Y-%m-%d %H:%M} UTC, dataset {d.name} (seed {run.seed}): "
        f"{d.accounts:,} accounts, {d.contacts:,} contacts, {d.tasks:,} tasks, "
        f"{d.activities:,} activities"
        + (" — quick run: one repeat of each figure, 5 s of server load" if run.quick else "")
        + ".",
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        *(f"| {key} | {value} |" for key, value in run.machine.items()),
        "",
        "## Results",
        "",
        "| figure | value | target | met | this run |",
        "|---|---|---|---|---|",
    ]
    for figure in run.figures:
        met = {True: "yes", False: "**no**", None: ""}[figure.met]
        value = f"{figure.value:.{figure.decimals}f}"
        lines.append(f"| `{figure.name}` | {value} | {figure.target} | {met} | {figure.note} |")
    lines += ["", "```", *(figure.line() for figure in run.figures), "```", "", METHOD]
    return "\n".join(lines)


def write_report(run: Run, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(run), encoding="utf-8")
