"""Admin commands that connect other systems: import, export, API keys, enquiry routing and
the regions phone numbers are read in.

`server.cli` adds these to its parser; each handler takes the engine and the parsed arguments.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from server import api_keys, enquiries, exports, feed, regions
from server.database import make_sessions
from server.imports.errors import ImportFileError
from server.imports.mapping import load_mapping
from server.imports.run import PLURALS, import_file
from server.tables import Territory

# The errors these commands raise with a sentence for the admin.
ERRORS = (
    exports.ExportError,
    api_keys.ApiKeyError,
    enquiries.RoutingError,
    ImportFileError,
    regions.RegionError,
)


def add_commands(commands: Any) -> None:
    """Add the subcommands to `commands` (the parser's subparsers)."""
    importer = commands.add_parser(
        "import", help="import accounts or contacts from CSV, XLSX or JSON"
    )
    importer.add_argument("kind", choices=sorted(PLURALS))
    importer.add_argument("file", type=Path)
    importer.add_argument("--mapping", type=Path, help="JSON file: column → field")
    importer.add_argument("--dry-run", action="store_true", help="report, write nothing")
    importer.add_argument("--report", type=Path, help="write the row-by-row report as CSV")
    importer.set_defaults(run=_import)

    exporter = commands.add_parser("export", help="export records to CSV or JSON")
    exporter.add_argument("kind", choices=sorted(exports.PLURALS))
    exporter.add_argument("file", type=Path)
    exporter.add_argument("--format", choices=("csv", "json"), default="csv")
    exporter.add_argument("--territory", metavar="KEY", help="only this territory's records")
    exporter.set_defaults(run=_export)

    keys = commands.add_parser("apikey", help="keys for the inbound API (other systems)")
    key_commands = keys.add_subparsers(dest="apikey_command", required=True, metavar="COMMAND")
    create = key_commands.add_parser("create", help="create a key and print it once")
    create.add_argument("name")
    create.add_argument(
        "--scope",
        action="append",
        choices=api_keys.SCOPES,
        help="a scope the key grants; repeat for more (default: enquiry)",
    )
    create.add_argument(
        "--territory",
        action="append",
        default=[],
        metavar="KEY",
        help="a territory the key reaches; repeat for more (default: every territory)",
    )
    create.set_defaults(run=_create_key)
    key_commands.add_parser("list", help="list keys").set_defaults(run=_list_keys)
    revoke = key_commands.add_parser("revoke", help="revoke a key")
    revoke.add_argument("name")
    revoke.set_defaults(run=_revoke_key)

    routes = commands.add_parser("enquiry-routes", help="set which territory gets new leads")
    routes.add_argument("file", type=Path, help='JSON: {"default": KEY, "cities": {CITY: KEY}}')
    routes.set_defaults(run=_set_routes)

    region = commands.add_parser(
        "region", help="show or set the region phone numbers in national form are read in"
    )
    region.add_argument(
        "country", nargs="?", help="a country code or name: the server-wide default region"
    )
    region.add_argument("--territory", metavar="KEY", help="set this territory's region instead")
    region.add_argument("--clear", action="store_true", help="with --territory: remove it")
    region.set_defaults(run=_region)


def _import(engine: Engine, args: argparse.Namespace) -> None:
    mapping = load_mapping(args.mapping.read_text(encoding="utf-8-sig")) if args.mapping else None
    report = import_file(
        make_sessions(engine),
        PLURALS[args.kind],
        args.file.read_bytes(),
        mapping,
        dry_run=args.dry_run,
    )
    if args.report:
        args.report.write_bytes(report.to_csv())
    for row in report.rows:
        if row.status == "rejected":
            print(f"row {row.row}: rejected: {row.reason}")
    print(report.summary())


def _export(engine: Engine, args: argparse.Namespace) -> None:
    entity = exports.PLURALS[args.kind]
    with make_sessions(engine).read() as session:
        data = exports.export(session, entity, args.format, args.territory)
    args.file.write_bytes(data)
    print(f"Exported {args.kind} to {args.file}.")


def _create_key(engine: Engine, args: argparse.Namespace) -> None:
    with make_sessions(engine).write.begin() as session:
        key = api_keys.create(
            session, args.name, args.scope or api_keys.DEFAULT_SCOPES, args.territory
        )
    print(f"Created the API key {args.name!r}. It is shown only now; keep it safe:")
    print(key)


def _list_keys(engine: Engine, _args: argparse.Namespace) -> None:
    with make_sessions(engine).read() as session:
        keys = api_keys.listed(session)
    for key in keys:
        state = f"revoked {key.revoked_at:%Y-%m-%d}" if key.revoked_at else "active"
        reach = " ".join(key.territories) if key.territories is not None else "every territory"
        print(
            f"{key.name}\tcreated {key.created_at:%Y-%m-%d}\t{state}"
            f"\tscopes {' '.join(key.scopes)}\t{reach}"
        )
    if not keys:
        print("No API keys.")


def _revoke_key(engine: Engine, args: argparse.Namespace) -> None:
    with make_sessions(engine).write.begin() as session:
        api_keys.revoke(session, args.name)
    print(f"Revoked the API key {args.name!r}.")


def _set_routes(engine: Engine, args: argparse.Namespace) -> None:
    with make_sessions(engine).write.begin() as session:
        rules = enquiries.set_routes(session, args.file.read_text(encoding="utf-8-sig"))
    print(f"Set the enquiry routes: {rules} cities or countries and a default territory.")


def _region(engine: Engine, args: argparse.Namespace) -> None:
    """`region`: list the regions; `region GB`: the default; `region GB --territory north`."""
    sessions = make_sessions(engine)
    if args.territory is not None:
        if not args.country and not args.clear:
            raise regions.RegionError("Give a country for the territory, or --clear.")
        with feed.write_transaction(sessions.write) as session:
            code = regions.set_territory_region(session, args.territory, args.country)
        print(f"The territory {args.territory} reads numbers in {regions.describe(code)}.")
    elif args.country:
        with sessions.write.begin() as session:
            code = regions.set_default_region(session, args.country)
        print(f"Numbers are read in {regions.describe(code)} unless their account or "
              "territory says otherwise.")  # fmt: skip
    with sessions.read() as session:
        known = regions.Regions.load(session)
        keys = dict(session.execute(select(Territory.id, Territory.key)).all())
    print(f"default\t{regions.describe(known.default)}")
    for territory_id, code in sorted(known.territories.items(), key=lambda t: keys[t[0]]):
        print(f"{keys[territory_id]}\t{regions.describe(code)}")
