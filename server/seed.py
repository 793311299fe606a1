"""Demo content for trying Fieldbook: the default code sets and processes, two territories,
five users (password "demo") and generated accounts with contacts, tasks and activities."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from sqlalchemy import Engine, select

from server import auth, defaults, demo_data, feed, users
from server.database import make_sessions
from server.tables import ChangeFeed
from server.writes import bulk_create

DEFAULT_ACCOUNTS = 300
DEFAULT_SEED = 1
DEMO_PASSWORD = "demo"
DEMO_TERRITORIES = {"north": "华北 North", "east": "华东 East"}
# (name, role, territory keys)
DEMO_USERS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("demo", "rep", ("north",)),
    ("demo2", "rep", ("north",)),
    ("east", "rep", ("east",)),
    ("agent", "agent", ("north", "east")),
    ("manager", "manager", ("north", "east")),
)


class SeedError(RuntimeError):
    """The demo cannot be seeded; the message says why in a sentence."""


def seed_demo(
    engine: Engine,
    *,
    accounts: int = DEFAULT_ACCOUNTS,
    seed: int = DEFAULT_SEED,
    today: dt.date | None = None,
) -> Counter[str]:
    """Fill an empty database with the demo, in one transaction; return counts per entity.

    Raises `SeedError` when the database already holds records.
    """
    with feed.write_transaction(make_sessions(engine).write) as session:
        if session.scalar(select(ChangeFeed.seq).limit(1)) is not None:
            raise SeedError("The database already holds data; seed-demo only fills an empty one.")
        counts = bulk_create(session, defaults.default_records())
        territories = {
            users.ensure_territory(session, key, name): key
            for key, name in DEMO_TERRITORIES.items()
        }
        territory_ids = {key: territory_id for territory_id, key in territories.items()}
        password_hash = auth.hash_password(DEMO_PASSWORD)  # once: hashing is slow on purpose
        owners: dict[str, list[str]] = defaultdict(list)
        for name, role, keys in DEMO_USERS:
            user_territories = [territory_ids[key] for key in keys]
            user_id = users.add_user(
                session,
                name=name,
                role=role,
                territory_ids=user_territories,
                password_hash=password_hash,
            )
            if role == "rep":
                for territory_id in user_territories:
                    owners[territory_id].append(user_id)
        counts.update(territory=len(territories), user=len(DEMO_USERS))
        generated = demo_data.generate(
            seed=seed,
            accounts=accounts,
            territories=territories,
            owners=dict(owners),
            today=today or dt.date.today(),
        )
        counts.update(bulk_create(session, generated))
    return counts
