"""The admin commands for other systems: import, export, apikey, enquiry-routes.

The import runs as a real process like an admin would run it; the rest call the command line's
`main` in this process, which is much quicker.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.unit.server.conftest import CliRun
from tests.unit.server.test_cli import assert_plain_error, run_process


@pytest.fixture
def run(cli_run: CliRun) -> CliRun:
    """Runs `fieldbook-server ARGS` in this process; gives its exit code and output."""
    return cli_run


def add_rep(run: CliRun, db_url: str, name: str, territory: str, email: str) -> None:
    added = run("--db", db_url, "user", "add", name, "--role", "rep", "--territory", territory,
                "--email", email, "--password-stdin", stdin="pw\n")  # fmt: skip
    assert added.returncode == 0, added.stderr


def test_import_with_a_mapping_a_dry_run_and_a_report(
    run: CliRun, db_url: str, tmp_path: Path
) -> None:
    add_rep(run, db_url, "wang", "north", "Wang@Example.com")
    data = tmp_path / "客户.csv"
    data.write_bytes(
        "编号,公司,负责人\nE1,北京科技,wang@example.com\nE2,天津港务,nobody\n".encode("gbk")
    )
    mapping = tmp_path / "mapping.json"
    mapping.write_text(
        json.dumps({"编号": "external_id:erp", "公司": "name", "负责人": "owner"}),
        encoding="utf-8-sig",
    )  # as Notepad saves it
    report = tmp_path / "report.csv"
    args = ("--db", db_url, "import", "accounts", str(data), "--mapping", str(mapping))

    dry = run_process(*args, "--dry-run", "--report", str(report))
    done = run(*args)
    again = run(*args)

    assert dry.returncode == done.returncode == again.returncode == 0, dry.stderr
    assert dry.stdout.splitlines() == [
        "row 3: rejected: 负责人 (owner) 'nobody' is neither a user name nor a user e-mail",
        "Dry run, nothing written: 1 created, 0 updated, 0 merged, 0 unchanged, 1 rejected.",
    ]
    rows = list(csv.DictReader(io.StringIO(report.read_bytes().decode("utf-8-sig"))))
    assert [(r["row"], r["status"], r["name"], r["field"]) for r in rows] == [
        ("2", "created", "北京科技", ""),
        ("3", "rejected", "天津港务", "owner"),
    ]
    assert (
        done.stdout.splitlines()[-1] == "1 created, 0 updated, 0 merged, 0 unchanged, 1 rejected."
    )
    assert again.stdout.splitlines()[-1].startswith("0 created, 0 updated, 0 merged, 1 unchanged")


def test_export_writes_the_file(run: CliRun, db_url: str, tmp_path: Path) -> None:
    add_rep(run, db_url, "wang", "north", "wang@example.com")
    source = tmp_path / "in.csv"
    source.write_text("name,owner\n北京科技,wang\n", encoding="utf-8")
    assert run("--db", db_url, "import", "accounts", str(source)).returncode == 0
    target = tmp_path / "out.json"

    done = run("--db", db_url, "export", "accounts", "--format", "json", str(target))

    assert done.returncode == 0, done.stderr
    assert [a["name"] for a in json.loads(target.read_text(encoding="utf-8"))] == ["北京科技"]
    assert_plain_error(
        run("--db", db_url, "export", "tasks", "--territory", "west", str(target)),
        "no territory with the key 'west'",
    )


def test_file_problems_are_one_sentence(run: CliRun, db_url: str, tmp_path: Path) -> None:
    no_name = tmp_path / "no-name.csv"
    no_name.write_text("phone\n010-1\n", encoding="utf-8")

    assert_plain_error(
        run("--db", db_url, "import", "contacts", str(no_name)), "No column holds the contact name"
    )
    assert_plain_error(
        run("--db", db_url, "import", "accounts", str(tmp_path / "missing.csv")), "missing.csv"
    )


def test_api_keys_are_shown_once_listed_and_revoked(run: CliRun, db_url: str) -> None:
    created = run("--db", db_url, "apikey", "create", "web form")
    listed = run("--db", db_url, "apikey", "list")
    revoked = run("--db", db_url, "apikey", "revoke", "web form")
    after = run("--db", db_url, "apikey", "list")

    assert created.returncode == 0, created.stderr
    key = created.stdout.splitlines()[-1]
    assert key.startswith("fbk_") and len(key) > 40
    assert "web form" in listed.stdout and "active" in listed.stdout and key not in listed.stdout
    assert revoked.returncode == 0 and "revoked" in after.stdout
    assert_plain_error(run("--db", db_url, "apikey", "revoke", "nope"), "no key named 'nope'")


def test_enquiry_routes_must_name_existing_territories(
    run: CliRun, db_url: str, tmp_path: Path
) -> None:
    add_rep(run, db_url, "wang", "north", "wang@example.com")
    rules = tmp_path / "routes.json"
    rules.write_text(json.dumps({"default": "north", "cities": {"北京": "north"}}))
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"default": "north", "cities": {"上海": "east"}}))

    done = run("--db", db_url, "enquiry-routes", str(rules))

    assert done.returncode == 0, done.stderr
    assert "1 cities or countries" in done.stdout
    assert_plain_error(
        run("--db", db_url, "enquiry-routes", str(bad)), "No territory has the key east"
    )


def test_the_default_region_and_a_territorys_are_set_by_code_or_name(
    run: CliRun, db_url: str
) -> None:
    add_rep(run, db_url, "wang", "uk", "wang@example.com")

    default = run("--db", db_url, "region", "英国")
    territory = run("--db", db_url, "region", "Brazil", "--territory", "uk")
    listed = run("--db", db_url, "region")

    assert default.returncode == territory.returncode == 0, default.stderr + territory.stderr
    assert "GB (United Kingdom) unless their account" in default.stdout
    assert listed.stdout.splitlines() == ["default\tGB (United Kingdom)", "uk\tBR (Brazil)"]
    cleared = run("--db", db_url, "region", "--territory", "uk", "--clear")
    assert cleared.stdout.splitlines()[-1] == "default\tGB (United Kingdom)"
    assert_plain_error(run("--db", db_url, "region", "Atlantis"), "'Atlantis' is not a country")
    assert_plain_error(
        run("--db", db_url, "region", "GB", "--territory", "nowhere"),
        "No territory has the key nowhere",
    )
