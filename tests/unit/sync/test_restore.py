"""A server restored from a backup strands no one: clients whose cursors belong to the lost
history resync, offer again what they hold from after the backup, and push again under a new
numbering when the server forgot their acknowledged mutations."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from local_store import state
from local_store.models import Conflict
from server import restore
from server.tables import Account as ServerAccount
from tests.support.templates import copy_sqlite
from tests.support.views import replica_view, server_view
from tests.unit.sync.test_engine import account, edit, new_account


def back_up(server_engine: Engine, tmp_path: Path) -> Path:
    """The online backup of docs/deploy.md (SQLite's backup API, as `sqlite3 .backup`)."""
    backup = tmp_path / "backup.db"
    copy_sqlite(Path(str(server_engine.url.database)), backup)
    return backup


def server_names(server_engine: Engine) -> list[str]:
    with Session(server_engine) as session:
        return sorted(session.scalars(select(ServerAccount.name).where(~ServerAccount.deleted)))


def converged(server_engine: Engine, *clients) -> None:
    for client in clients:
        assert replica_view(client.replica) == server_view(server_engine, client.user_id)


def test_after_a_restore_every_client_converges_and_no_acknowledged_account_is_lost(
    connect, server_engine, tmp_path
):
    """The scenario of issue 18: back up; alice pushes 6 accounts and bob pulls them;
    restore; a new client writes Z. Bob's cursor lies past the restored feed, where Z sits."""
    alice, bob = connect("alice"), connect("bob")
    new_account(alice, "Before")
    alice.engine.sync()
    bob.engine.sync()
    backup = back_up(server_engine, tmp_path)
    for number in range(6):
        new_account(alice, f"After {number}")
    alice.engine.sync()
    bob.engine.sync()

    restore.restore(server_engine, backup)
    newcomer = connect("alice")
    new_account(newcomer, "Z")
    newcomer.engine.sync()

    assert bob.engine.sync().resynced
    assert account_names(bob) >= {"Z", *(f"After {n}" for n in range(6))}
    assert alice.engine.sync().resynced  # its next push no longer meets 409 seq_gap
    newcomer.engine.sync()
    bob.engine.sync()
    assert server_names(server_engine) == sorted(["Before", "Z", *(f"After {n}" for n in range(6))])
    converged(server_engine, alice, bob, newcomer)


def account_names(client) -> set[str]:
    return {fields["name"] for (entity, _), fields in replica_view(client.replica).items()
            if entity == "account"}  # fmt: skip


def test_a_client_whose_acknowledged_pushes_were_forgotten_pushes_again_under_a_new_id(
    connect, server_engine, tmp_path
):
    """Without a new identity (the file copied back by hand), the server still refuses the
    next mutation with 409 seq_gap: the client numbers its outbox again under a new id."""
    alice = connect("alice")
    backup = back_up(server_engine, tmp_path)
    new_account(alice, "Acknowledged, then forgotten")
    alice.engine.sync()
    with alice.replica.session() as session:
        old_id = state.client_id(session)
    server_engine.dispose()
    shutil.copy(backup, Path(str(server_engine.url.database)))

    kept = new_account(alice, "Made after the restore")
    report = alice.engine.sync()

    assert report.pushed >= 1 and account(alice, kept).version > 0
    with alice.replica.session() as session:
        assert state.client_id(session) != old_id
    assert "Made after the restore" in server_names(server_engine)


def test_an_edit_acknowledged_after_the_backup_is_offered_again_and_merged(
    connect, server_engine, tmp_path
):
    """An older record's change lost by the restore comes back as a change from the feed's
    new beginning: merged with what others changed since. A field changed on the server since
    the restore is a conflict (the server's value stands, the replica's is kept), also where
    the replica's value was only the one from before the backup: the replica cannot tell."""
    alice, bob = connect("alice"), connect("bob")
    account_id = new_account(alice, "Acme", phone="1", city="Beijing", note="n")
    alice.engine.sync()
    bob.engine.sync()
    backup = back_up(server_engine, tmp_path)
    edit(alice, account_id, phone="2", note="lost by the restore")
    alice.engine.sync()

    restore.restore(server_engine, backup)
    edit(bob, account_id, city="Shanghai", note="written after the restore")
    bob.engine.sync()
    alice.engine.sync()
    bob.engine.sync()

    acme = account(alice, account_id)
    assert (acme.phone, acme.city, acme.note) == ("2", "Shanghai", "written after the restore")
    with alice.replica.session() as session:
        kept = {(c.field, c.mine) for c in session.scalars(select(Conflict))}
    assert kept == {("note", "lost by the restore"), ("city", "Beijing")}
    converged(server_engine, alice, bob)


def test_a_conflict_numbered_anew_after_a_restore_is_still_kept(connect, server_engine, tmp_path):
    """The restored server numbers its conflicts from where the backup stood, so a new one may
    carry the id of one this replica kept before: it is kept all the same, and the old one
    stays."""
    alice, bob = connect("alice"), connect("bob")
    account_id = new_account(alice, "Acme", phone="1", note="n")
    alice.engine.sync()
    bob.engine.sync()
    backup = back_up(server_engine, tmp_path)
    edit(alice, account_id, note="alice's note")
    edit(bob, account_id, note="bob's note")
    alice.engine.sync()
    bob.engine.sync()  # bob's note is set aside: the server's first conflict

    restore.restore(server_engine, backup)
    alice.engine.sync()
    bob.engine.sync()
    edit(alice, account_id, phone="alice's phone")
    edit(bob, account_id, phone="bob's phone")
    alice.engine.sync()
    bob.engine.sync()  # bob's phone is set aside: the restored server's first conflict again

    with bob.replica.session() as session:
        kept = {(c.field, c.mine) for c in session.scalars(select(Conflict))}
    assert {("note", "bob's note"), ("phone", "bob's phone")} <= kept
