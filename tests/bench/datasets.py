"""Benchmark datasets S, M and L: deterministic, with exact record counts.

The records come from the demo generator (`server.demo_data`: mixed Chinese and Latin names,
addresses and phone formats). Its per-account numbers of children vary, so `records` trims
children past a dataset's count and, where the first accounts did not bring enough, keeps
drawing accounts past the wanted number and hands their children to the kept accounts in turn.
The same dataset and seed always give the same records.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import Engine

from protocol.sync import Mutation
from server import auth, defaults, demo_data, feed, users
from server.database import make_sessions
from server.schema import upgrade
from server.writes import NewRecord, bulk_create

DEFAULT_SEED = 7
# Fixed, so a cached database and a fresh one hold the same dates.
TODAY = dt.date(2026, 11, 23)
PASSWORD = "bench"
# Records per bulk insert while building a database (bounded memory for L).
CHUNK = 20_000


@dataclass(frozen=True)
class Dataset:
    name: str
    accounts: int
    contacts: int
    tasks: int
    activities: int

    @property
    def total(self) -> int:
        return self.accounts + self.contacts + self.tasks + self.activities

    def count(self, entity: str) -> int:
        return {
            "account": self.accounts,
            "contact": self.contacts,
            "task": self.tasks,
            "activity": self.activities,
        }[entity]


def _scaled(name: str, accounts: int) -> Dataset:
    """Two contacts, two tasks and three activities per account, as in L."""
    return Dataset(name, accounts, 2 * accounts, 2 * accounts, 3 * accounts)


DATASETS = {d.name: d for d in (_scaled("S", 1_000), _scaled("M", 20_000), _scaled("L", 100_000))}


@dataclass(frozen=True)
class Team:
    """Who works on a benchmark server: `territories` keys, and per territory its reps'
    names (every rep's password is PASSWORD)."""

    territories: tuple[str, ...]
    reps_per_territory: int

    def rep_names(self, territory: str) -> list[str]:
        return [f"{territory}-rep{i}" for i in range(1, self.reps_per_territory + 1)]

    @property
    def all_reps(self) -> list[str]:
        return [name for key in self.territories for name in self.rep_names(key)]


# One territory holding the whole dataset and two reps in it: the client benchmarks sync the
# first rep's replica and take remote changes from the second.
ONE_TERRITORY = Team(territories=("bench",), reps_per_territory=2)


def records(
    dataset: Dataset,
    *,
    seed: int,
    territories: dict[str, str],
    owners: dict[str, list[str]],
) -> Iterator[NewRecord]:
    """Exactly the dataset's records, each account before its children."""
    wanted = {entity: dataset.count(entity) for entity in ("contact", "task", "activity")}
    generated = demo_data.generate(
        seed=seed,
        accounts=dataset.accounts * 4,
        territories=territories,
        owners=owners,
        today=TODAY,
    )
    kept: list[str] = []
    kept_ids: set[str] = set()
    adoptive = itertools.cycle(range(dataset.accounts))
    for entity, record_id, fields in generated:
        if entity == "account":
            if len(kept) < dataset.accounts:
                kept.append(record_id)
                kept_ids.add(record_id)
                yield entity, record_id, fields
            elif not any(wanted.values()):
                return
            continue
        if not wanted[entity]:
            continue
        wanted[entity] -= 1
        if fields["account_id"] not in kept_ids:
            fields = {**fields, "account_id": kept[next(adoptive)]}
        yield entity, record_id, fields
    if any(wanted.values()):
        raise RuntimeError(f"the generator ran out of records for {dataset.name}: {wanted}")


def build_server_db(engine: Engine, dataset: Dataset, seed: int, team: Team) -> None:
    """Fill an empty server database: defaults, the team, and the dataset's records."""
    upgrade(engine)
    sessions = make_sessions(engine)
    password_hash = auth.hash_password(PASSWORD)  # once: hashing is slow on purpose
    with feed.write_transaction(sessions.write) as session:
        bulk_create(session, defaults.default_records())
        territories: dict[str, str] = {}
        owners: dict[str, list[str]] = {}
        for key in team.territories:
            territory_id = users.ensure_territory(session, key, f"{key} 区域")
            territories[territory_id] = key
            owners[territory_id] = [
                users.add_user(
                    session,
                    name=name,
                    role="rep",
                    territory_ids=[territory_id],
                    password_hash=password_hash,
                )
                for name in team.rep_names(key)
            ]
    stream = records(dataset, seed=seed, territories=territories, owners=owners)
    for chunk in _chunks(stream):
        with feed.write_transaction(sessions.write) as session:
            bulk_create(session, chunk)


def _chunks(stream: Iterator[NewRecord]) -> Iterator[list[NewRecord]]:
    """Batches of about CHUNK records, cut before an account so no account is split from the
    children that follow it."""
    chunk: list[NewRecord] = []
    for record in stream:
        if record[0] == "account" and len(chunk) >= CHUNK:
            yield chunk
            chunk = []
        chunk.append(record)
    if chunk:
        yield chunk


def note_edit(seq: int, account_id: str, base_version: int, note: str) -> Mutation:
    """A client's edit of an account's note: the small change the sync benchmarks push."""
    return Mutation(
        seq=seq,
        entity="account",
        record_id=account_id,
        op="upsert",
        base_version=base_version,
        fields={"note": note},
    )
