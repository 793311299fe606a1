"""IT's user commands beyond `user add` and `user territories`: list, show, add in bulk from a
CSV file, set a role, disable and enable, reset a password, remove, restore and purge.

`server.cli` adds these to its `user` subcommands; each handler takes the engine and the parsed
arguments, and runs in one write transaction (all of it happens, or none).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from protocol.auth import TokenRequest
from protocol.entities import ROLES
from server import auth, feed, user_admin
from server.database import make_sessions
from server.tables import User
from server.users import UserError

# The columns of a bulk-add file; `territories` holds keys separated by ";".
BULK_COLUMNS = ("name", "role", "territories", "display_name", "email")
# The commands that change one user's state: what they do, their help, and what they print.
STATE_CHANGES: dict[str, tuple[Callable[[Session, str], None], str, str]] = {
    "disable": (
        user_admin.disable,
        "stop a user signing in; every token of theirs is refused",
        "{name!r} is disabled: no sign-in, and their apps are refused from now on.",
    ),
    "enable": (
        user_admin.enable,
        "let a disabled user sign in again",
        "{name!r} may sign in again.",
    ),
    "restore": (user_admin.restore, "bring a removed user back", "Restored {name!r}."),
    "purge": (
        user_admin.purge,
        "forget a removed user for good (the name becomes free)",
        "Purged {name!r}; the name is free again.",
    ),
}
LIST_COLUMNS = ("name", "display_name", "role", "territories", "last_sign_in", "state", "email")


def add_commands(user_commands: Any) -> None:
    """Add the lifecycle subcommands to `user_commands` (the `user` parser's subparsers)."""
    listing = user_commands.add_parser("list", help="list users (CSV on standard output)")
    listing.add_argument("--removed", action="store_true", help="also removed users")
    listing.set_defaults(run=_list)

    show = user_commands.add_parser("show", help="show one user")
    show.add_argument("name")
    show.set_defaults(run=_show)

    bulk = user_commands.add_parser(
        "add-bulk",
        help="add the users of a CSV file (columns: " + ", ".join(BULK_COLUMNS) + "); prints "
        "each one's one-time password",
    )
    bulk.add_argument("file", type=Path)
    bulk.set_defaults(run=_add_bulk)

    role = user_commands.add_parser("role", help="give a user another role")
    role.add_argument("name")
    role.add_argument("role", choices=ROLES)
    role.set_defaults(run=_set_role)

    for name, (_, text, _) in STATE_CHANGES.items():
        command = user_commands.add_parser(name, help=text)
        command.add_argument("name")
        command.set_defaults(run=_change_state, change=name)

    reset = user_commands.add_parser(
        "reset-password",
        help="give a user a one-time password (printed), to be changed at the next sign-in",
    )
    reset.add_argument("name")
    reset.set_defaults(run=_reset_password)

    remove = user_commands.add_parser(
        "remove", help="remove a user, handing their accounts and tasks to another user"
    )
    remove.add_argument("name")
    remove.add_argument("--reassign-to", required=True, metavar="NAME")
    remove.set_defaults(run=_remove)


def _list(engine: Engine, args: argparse.Namespace) -> None:
    with make_sessions(engine).read() as session:
        users = user_admin.list_users(session, removed=args.removed)
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(LIST_COLUMNS)
    for user in users:
        out.writerow(
            (
                user.name,
                user.display_name,
                user.role,
                ";".join(user.territories),
                _when(user.last_sign_in_at),
                _state(user),
                user.email or "",
            )
        )


def _show(engine: Engine, args: argparse.Namespace) -> None:
    with make_sessions(engine).read() as session:
        user = user_admin.summary(session, _any_user(session, args.name))
    print(f"name: {user.name}")
    print(f"display name: {user.display_name}")
    print(f"role: {user.role}")
    print(f"territories: {', '.join(user.territories) or '(none)'}")
    print(f"e-mail: {user.email or '(none)'}")
    print(f"last sign-in: {_when(user.last_sign_in_at) or 'never'}")
    print(f"state: {_state(user)}")


def _add_bulk(engine: Engine, args: argparse.Namespace) -> None:
    rows = _read_bulk_file(args.file)
    passwords = {row.name: user_admin.one_time_password() for row in rows}
    hashes = {name: auth.hash_password(password) for name, password in passwords.items()}
    with feed.write_transaction(make_sessions(engine).write) as session:
        added = user_admin.add_users(session, rows, hashes)
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(("name", "one_time_password"))
    out.writerows((name, passwords[name]) for name in added)


def _change_state(engine: Engine, args: argparse.Namespace) -> None:
    change, _, done = STATE_CHANGES[args.change]
    with feed.write_transaction(make_sessions(engine).write) as session:
        change(session, args.name)
    print(done.format(name=args.name))


def _set_role(engine: Engine, args: argparse.Namespace) -> None:
    with feed.write_transaction(make_sessions(engine).write) as session:
        user_admin.set_role(session, args.name, args.role)
    print(f"{args.name!r} is now a {args.role}.")


def _reset_password(engine: Engine, args: argparse.Namespace) -> None:
    password = user_admin.one_time_password()
    password_hash = auth.hash_password(password)
    with feed.write_transaction(make_sessions(engine).write) as session:
        user_admin.reset_password(session, args.name, password_hash)
    print(f"One-time password for {args.name!r} (to be changed at the next sign-in): {password}")


def _remove(engine: Engine, args: argparse.Namespace) -> None:
    with feed.write_transaction(make_sessions(engine).write) as session:
        handed = user_admin.remove(session, args.name, args.reassign_to)
    print(f"Removed {args.name!r}; {handed} accounts and tasks now belong to {args.reassign_to!r}.")


def _read_bulk_file(path: Path) -> list[user_admin.NewUser]:
    """The rows of a bulk-add file, all checked before anything is written."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UserError(f"{path} is not UTF-8 text; save it as CSV UTF-8.") from exc
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [
        name for name in ("name", "role", "territories") if name not in (reader.fieldnames or [])
    ]
    if missing:
        raise UserError(
            f"{path} has no column {', '.join(missing)} (columns: {', '.join(BULK_COLUMNS)})."
        )
    rows = []
    for line, raw in enumerate(reader, start=2):
        name, role = (raw.get("name") or "").strip(), (raw.get("role") or "").strip()
        keys = tuple(k.strip() for k in (raw.get("territories") or "").split(";") if k.strip())
        try:
            TokenRequest(username=name, password="x")
        except ValidationError as exc:
            raise UserError(f"Line {line}: the name {name!r} is not usable.") from exc
        if role not in ROLES:
            raise UserError(f"Line {line}: role {role!r} is not one of {', '.join(ROLES)}.")
        if not keys:
            raise UserError(f"Line {line}: {name!r} needs at least one territory.")
        rows.append(
            user_admin.NewUser(
                name=name,
                role=role,
                territory_keys=keys,
                display_name=(raw.get("display_name") or "").strip() or None,
                email=(raw.get("email") or "").strip() or None,
            )
        )
    names = [row.name for row in rows]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise UserError(f"{path} names {', '.join(repeated)} more than once.")
    if not rows:
        raise UserError(f"{path} holds no users.")
    return rows


def _any_user(session: Session, name: str) -> User:
    """The user named `name`, live or removed."""
    try:
        return user_admin.find(session, name)
    except UserError:
        return user_admin.find(session, name, removed=True)


def _state(user: user_admin.UserSummary) -> str:
    if user.removed:
        return "removed"
    if user.disabled:
        return "disabled"
    return "must change password" if user.must_change_password else "active"


def _when(moment: dt.datetime | None) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds") if moment else ""
