"""`fieldbook-server webhook add | list | remove | failing | replay`: the admin's webhooks.

`server.cli` adds these to its parser; each handler takes the engine and the parsed arguments.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from sqlalchemy import Engine

from server import system_feed, webhook_signing, webhooks
from server.database import make_sessions

# The errors these commands raise with a sentence for the admin.
ERRORS = (webhooks.WebhookError, webhook_signing.SecretError)


def add_commands(commands: Any) -> None:
    """Add `webhook …` to `commands` (the parser's subparsers)."""
    webhook = commands.add_parser("webhook", help="send changes to other systems' URLs")
    sub = webhook.add_subparsers(dest="webhook_command", required=True, metavar="COMMAND")

    add = sub.add_parser("add", help="subscribe a URL; prints the signing secret once")
    add.add_argument("name")
    add.add_argument("url")
    add.add_argument(
        "--entity",
        action="append",
        required=True,
        choices=system_feed.SYSTEM_ENTITIES,
        help="an entity to hear of; repeat for more",
    )
    add.add_argument(
        "--territory",
        action="append",
        default=[],
        metavar="KEY",
        help="only this territory's records; repeat for more (default: every territory)",
    )
    add.add_argument("--secret", help="the whsec_… secret to sign with (default: a new one)")
    add.add_argument(
        "--from-start",
        action="store_true",
        help="first send the current state of every record, then the changes",
    )
    add.set_defaults(run=_add)

    sub.add_parser("list", help="list webhooks").set_defaults(run=_list)

    remove = sub.add_parser("remove", help="remove a webhook and its undelivered deliveries")
    remove.add_argument("name")
    remove.set_defaults(run=_remove)

    failing = sub.add_parser("failing", help="webhooks with deliveries that keep failing")
    failing.set_defaults(run=_failing)

    replay = sub.add_parser("replay", help="try a webhook's undelivered deliveries again now")
    replay.add_argument("name")
    replay.add_argument(
        "--from-position",
        type=int,
        metavar="N",
        help="also send again what was delivered from feed position N on (kept 7 days)",
    )
    replay.set_defaults(run=_replay)


def _add(engine: Engine, args: argparse.Namespace) -> None:
    with make_sessions(engine).write.begin() as session:
        secret = webhooks.add(
            session,
            args.name,
            args.url,
            args.entity,
            args.territory,
            secret=args.secret,
            from_start=args.from_start,
        )
    print(f"Added the webhook {args.name!r}; deliveries are signed with this secret, shown "
          "only now (keep it safe):")  # fmt: skip
    print(secret)


def _list(engine: Engine, _args: argparse.Namespace) -> None:
    with make_sessions(engine).read() as session:
        found = webhooks.listed(session)
    for hook in found:
        reach = " ".join(hook.territories) if hook.territories is not None else "every territory"
        print(f"{hook.name}\t{hook.url}\t{' '.join(hook.entities)}\t{reach}"
              f"\tposition {hook.cursor}\t{hook.undelivered} undelivered")  # fmt: skip
    if not found:
        print("No webhooks.")


def _remove(engine: Engine, args: argparse.Namespace) -> None:
    with make_sessions(engine).write.begin() as session:
        webhooks.remove(session, args.name)
    print(f"Removed the webhook {args.name!r}.")


def _failing(engine: Engine, _args: argparse.Namespace) -> None:
    with make_sessions(engine).read() as session:
        found = webhooks.failing(session)
    for hook in found:
        given_up = f", {hook.given_up} given up" if hook.given_up else ""
        print(f"{hook.name}\t{hook.url}\t{hook.undelivered} undelivered{given_up}"
              f"\toldest {hook.oldest_undelivered:%Y-%m-%d %H:%M:%S} UTC"
              f"\t{hook.attempts} attempts\tlast error: {hook.last_error}")  # fmt: skip
    if not found:
        print("No webhook is failing.")


def _replay(engine: Engine, args: argparse.Namespace) -> None:
    with make_sessions(engine).write.begin() as session:
        count = webhooks.replay(session, args.name, dt.datetime.now(dt.UTC), args.from_position)
    print(f"{count} deliveries of {args.name!r} are due now; a running server sends them.")
