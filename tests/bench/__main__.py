"""`python -m tests.bench` (`make bench`): measure, print `name: value` lines, write the report.

`--dataset S` with `--quick` is the smoke run `make test` does so the benchmark code cannot
rot; its figures mean nothing. `--only STEP ...` measures some figures only (while working on
them) and writes no report; the synced replica the client steps need comes from the cache when
an earlier run left one there, else the initial sync runs first.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path

from server.config import SNAPSHOTS_ENV_VAR
from tests.bench import (
    app_process,
    incremental_sync,
    initial_sync,
    live_update,
    machine,
    search,
    server_load,
    snapshot_build,
    snapshot_sync,
    team_report,
)
from tests.bench.datasets import DATASETS, DEFAULT_SEED
from tests.bench.report import Figure, Run, write_report
from tests.bench.world import running_world

log = logging.getLogger("tests.bench")
# The server load runs on M (20,000 accounts over 10 territories), or on S in a smoke run.
LOAD_DATASET = "M"
# The server load's saturation phase (`server_max_rps`) runs this long, or as long as the paced
# phase when that is shorter (quick and smoke runs).
SATURATION_SECONDS = 15
# The team report counts over this many activities, or over a few in a smoke run on S.
REPORT_ACTIVITIES = 1_000_000
SMOKE_REPORT_ACTIVITIES = 20_000
CLIENT_STEPS = (
    "initial_sync",
    "incremental_sync",
    "live_update",
    "startup",
    "screen_pop",
    "search",
    "client_rss",
)
STEPS = (*CLIENT_STEPS, "server_load", "team_report", "snapshot_build")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.bench", description=__doc__)
    parser.add_argument("--dataset", choices=sorted(DATASETS), default="L")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--quick", action="store_true", help="one repeat each, 5 s of load")
    parser.add_argument("--load-seconds", type=float, help="how long the server load runs")
    parser.add_argument(
        "--pg-url",
        help="a PostgreSQL server to create the load database on (default: a "
        "throwaway cluster from the installed binaries)",
    )
    parser.add_argument("--out", type=Path, default=Path("docs/benchmarks.md"))
    parser.add_argument(
        "--only",
        nargs="+",
        choices=STEPS,
        default=list(STEPS),
        metavar="STEP",
        help=f"measure these only, and write no report ({', '.join(STEPS)})",
    )
    return parser.parse_args(argv)


def measure(args: argparse.Namespace) -> list[Figure]:
    figures: list[Figure] = []

    def found(figure: Figure) -> None:
        print(figure.line(), flush=True)
        figures.append(figure)

    if set(args.only) & set(CLIENT_STEPS):
        measure_clients(args, found)
    if "server_load" in args.only:
        measure_server(args, found)
    if "team_report" in args.only:
        measure_team_report(args, found)
    if "snapshot_build" in args.only:
        measure_snapshot_build(args, found)
    return figures


def measure_clients(args: argparse.Namespace, found: Callable[[Figure], None]) -> None:
    """The figures of one rep's client against the embedded server with the dataset."""
    dataset = DATASETS[args.dataset]
    quick = args.quick
    with running_world(dataset, args.seed) as world:
        replica = initial_sync.synced_replica_path(world)
        if "initial_sync" in args.only or not replica.exists():
            log.info("initial sync of %s", dataset.name)
            initial = initial_sync.measure(world, repeats=1 if quick else 3, budget_s=180)
            if initial.records < dataset.total:
                raise RuntimeError(f"the initial sync pulled {initial.records} records only")
            replica = initial.replica
            if "initial_sync" in args.only:
                log.info("initial sync through a snapshot")
                repeats = 1 if quick else 3
                snap = snapshot_sync.measure(world, replica, repeats=repeats, budget_s=120)
                name = dataset.name
                runs = f"median of {snap.runs}, through a {snap.megabytes:.0f} MB snapshot"
                found(Figure(f"initial_sync_{name}_s", snap.seconds, "≤ 8", 2, runs))
                ratio = snap.seconds / initial.floor_seconds
                floor = f"row floor {initial.floor_seconds:.2f} s (median of {initial.runs})"
                found(Figure("initial_sync_floor_ratio", ratio, "≤ 0.2", 2, floor))
                floor = f"writing the file and fsync: {snap.floor_seconds:.2f} s"
                found(Figure("snapshot_install_floor_ratio", snap.floor_ratio, "printed", 2, floor))
                runs = f"median of {initial.runs}, {initial.records:,} records pulled"
                found(Figure(f"initial_sync_pull_{name}_s", initial.seconds, "printed", 2, runs))

        if "incremental_sync" in args.only:
            log.info("incremental sync")
            rounds = 3 if quick else 15
            incremental = incremental_sync.measure(world, replica, rounds)
            note = f"{rounds} rounds"
            found(Figure("incremental_sync_ms", incremental, "median ≤ 150", note=note))

        if "live_update" in args.only:
            log.info("live update")
            rounds = 3 if quick else 15
            live = live_update.measure(world, replica, rounds)
            found(Figure("live_update_ms", live, "median ≤ 500", note=f"{rounds} changes"))

        if "startup" in args.only:
            log.info("startup")
            starts = 1 if quick else 5
            startup = app_process.startup_ms(world, replica, starts)
            found(Figure("startup_ms", startup, "≤ 1500", note=f"median of {starts}, offscreen"))

        if "screen_pop" in args.only:
            log.info("screen-pop")
            pops = 2 if quick else 5
            pop, first = app_process.screen_pop_ms(world, replica, pops)
            note = f"median of {pops} callers, the first {first:.0f} ms, offscreen"
            found(Figure("screen_pop_ms", pop, "≤ 1000", note=note))

        if "search" in args.only:
            log.info("search")
            p95, typed, keystrokes = search.measure(world, replica, repeats=1 if quick else 3)
            queries = ", ".join(f"{kind} `{query}`" for kind, query in typed.items())
            note = f"{keystrokes} keystrokes: {queries}"
            found(Figure("search_p95_ms", p95, "p95 ≤ 50", note=note))

        if "client_rss" in args.only:
            log.info("client memory")
            rss, rows = app_process.client_rss_mb(world, replica)
            found(Figure("client_rss_mb", rss, "≤ 300", note=f"{rows:,} rows listed, offscreen"))


def measure_server(args: argparse.Namespace, found: Callable[[Figure], None]) -> None:
    """The server's figures on PostgreSQL under simulated clients."""
    load_dataset = DATASETS["S" if args.dataset == "S" else LOAD_DATASET]
    log.info("server load on PostgreSQL with %s", load_dataset.name)
    duration = args.load_seconds or (5 if args.quick else 60)
    saturation = min(duration, SATURATION_SECONDS)
    load = server_load.measure(load_dataset, args.seed, duration, saturation, args.pg_url)
    samples = (
        f"one turn per client every {server_load.PACE_S:.0f} s: {load.requests:,} requests in "
        f"{duration:.0f} s ({load.pushes:,} pushes, {load.pulls:,} pulls, "
        f"{load.late_turns:,} turns late), median {load.median_ms:.1f} ms, "
        f"dataset {load_dataset.name}"
    )
    found(Figure("server_p99_ms", load.p99_ms, "p99 ≤ 250", note=samples))
    found(Figure("server_rps", load.rps, "printed", note="achieved by the paced clients"))
    saturated = f"clients back to back for {saturation:.0f} s"
    found(Figure("server_max_rps", load.max_rps, "printed", note=saturated))


def measure_team_report(args: argparse.Namespace, found: Callable[[Figure], None]) -> None:
    """A manager's team report over a million activities on PostgreSQL."""
    activities = SMOKE_REPORT_ACTIVITIES if args.dataset == "S" else REPORT_ACTIVITIES
    log.info("team report over %s activities on PostgreSQL", f"{activities:,}")
    calls = 3 if args.quick else 15
    report = team_report.measure(activities, args.seed, calls, args.pg_url)
    counted = (
        f"median of {report.calls} calls, {report.activities:,} activities, "
        f"{report.answers_counted:,} codes counted"
    )
    found(Figure("team_report_ms", report.median_ms, "≤ 500", note=counted))


def measure_snapshot_build(args: argparse.Namespace, found: Callable[[Figure], None]) -> None:
    """The server building one rep's territory snapshot, on SQLite and on PostgreSQL."""
    dataset = DATASETS[args.dataset]
    log.info("snapshot build of %s on SQLite and PostgreSQL", dataset.name)
    built = snapshot_build.measure(dataset, args.seed, args.pg_url)
    note = "`fieldbook-server snapshot build`: a full pull by the builder, copy, zstd"
    for database, seconds in (("sqlite", built.sqlite_s), ("postgresql", built.postgresql_s)):
        name = f"snapshot_build_{dataset.name}_s_{database}"
        found(Figure(name, seconds, "≤ 120", 1, f"{note}, on {database}"))
    found(
        Figure(f"snapshot_bytes_{dataset.name}_mb", built.megabytes, "printed", 1, "zstd level 3")
    )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(message)s", stream=sys.stderr)
    log.setLevel(logging.INFO)
    logging.getLogger("sync.credentials").setLevel(logging.ERROR)  # no keyring here: expected
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # The servers the figures are measured against build no territory snapshots in the
    # background: a builder pulling the whole territory beside the measured client takes a core
    # (the snapshot path is measured on its own; `snapshot_build` switches them on).
    os.environ[SNAPSHOTS_ENV_VAR] = "off"
    started = dt.datetime.now(dt.UTC)
    about = machine.describe()
    figures = measure(args)
    if set(args.only) != set(STEPS):
        return 0
    run = Run(
        started=started,
        dataset=DATASETS[args.dataset],
        seed=args.seed,
        quick=args.quick,
        machine=about,
        figures=figures,
    )
    write_report(run, args.out)
    log.info("wrote %s", args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
