"""Contacts out to vCard and back in, read with the vobject library."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import vobject
from sqlalchemy.exc import OperationalError

from app.errors import SaveError
from app.vcards import SkippedCard, VcardFileError, export_contacts, import_vcards
from app.workspace import Workspace
from local_store import outbox, queries, records
from local_store.db import Replica
from tests.unit.app.workspaces import workspace_of

ME = str(uuid.uuid4())
TERRITORY = str(uuid.uuid4())
ACCOUNT = str(uuid.uuid4())


@pytest.fixture
def replica(tmp_path: Path) -> Iterator[Replica]:
    replica = Replica(tmp_path / "replica.db")
    other = str(uuid.uuid4())
    with replica.session() as session:
        records.save(session, "account", ACCOUNT, {"name": "北京科技有限公司",
                     "territory_id": TERRITORY, "owner_id": ME})  # fmt: skip
        records.save(session, "account", other, {"name": "Not mine", "territory_id": TERRITORY})
        people = [
            (ACCOUNT, {"name": "欧阳娜娜", "title": "采购总监", "phone": "139 0000 1111",
                       "email": "nana@bjkj.cn"}),
            (ACCOUNT, {"name": "Zhang Wei"}),
            (other, {"name": "Someone else"}),
        ]  # fmt: skip
        for account, fields in people:
            records.save(session, "contact", str(uuid.uuid4()), {"account_id": account} | fields)
    yield replica
    replica.close()


@pytest.fixture
def workspace(replica: Replica) -> Workspace:
    return workspace_of(replica, ME, TERRITORY)


def test_a_reps_contacts_as_vcards(workspace: Workspace) -> None:
    cards = list(vobject.readComponents(export_contacts(workspace).decode("utf-8")))

    assert [card.fn.value for card in cards] == ["Zhang Wei", "欧阳娜娜"]
    nana = cards[1]
    assert nana.version.value == "3.0"
    assert nana.n.value.family == "欧阳娜娜"
    assert nana.org.value == ["北京科技有限公司"]
    assert nana.title.value == "采购总监"
    assert (nana.tel.value, nana.email.value) == ("139 0000 1111", "nana@bjkj.cn")
    assert "tel" not in cards[0].contents


CARDS = """BEGIN:VCARD
VERSION:3.0
FN:司马光
N:司马;光;;;
TITLE:总经理
TEL;TYPE=CELL:+86 138 0013 8000
EMAIL:simaguang@example.cn
END:VCARD
BEGIN:VCARD
VERSION:4.0
N:Li;Na;;;
EMAIL:li.na@example.com
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:欧阳 娜娜 (duplicate by phone)
TEL:+86 139-0000-1111
END:VCARD
BEGIN:VCARD
VERSION:3.0
ORG:No name at all
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Too long a title
TITLE:{title}
END:VCARD
""".format(title="x" * 201).replace("\n", "\r\n")


def test_a_vcf_file_becomes_contacts_of_the_account_and_queued_for_sync(
    replica: Replica, workspace: Workspace
) -> None:
    with replica.session() as session:
        queued = outbox.count(session)

    result = import_vcards(workspace, ACCOUNT, CARDS.encode("utf-8"))
    again = import_vcards(workspace, ACCOUNT, CARDS.encode("utf-8-sig"))

    assert len(result.created) == 2
    assert result.skipped[:2] == [
        SkippedCard("欧阳 娜娜 (duplicate by phone)", "already a contact"),
        SkippedCard("", "no name"),
    ]
    assert result.skipped[2].name == "Too long a title"
    assert "title must be at most 200 characters" in result.skipped[2].reason
    assert again.created == []
    with replica.session() as session:
        contacts = {c.name: c for c in queries.contacts_of(session, ACCOUNT)}
        assert outbox.count(session) == queued + 2
    assert set(contacts) == {"欧阳娜娜", "Zhang Wei", "司马光", "Li Na"}
    sima = contacts["司马光"]
    assert (sima.title, sima.phone, sima.email) == ("总经理", "+86 138 0013 8000",
                                                     "simaguang@example.cn")  # fmt: skip


def test_exported_cards_import_into_another_account(
    replica: Replica, workspace: Workspace, tmp_path: Path
) -> None:
    target = str(uuid.uuid4())
    with replica.session() as session:
        records.save(session, "account", target, {"name": "新公司", "territory_id": TERRITORY})

    result = import_vcards(workspace, target, export_contacts(workspace))

    assert len(result.created) == 2 and result.skipped == []
    with replica.session() as session:
        assert [c.name for c in queries.contacts_of(session, target)] == ["Zhang Wei", "欧阳娜娜"]


@pytest.mark.parametrize("data", [b"not a vcard", b"BEGIN:VCARD\r\nFN:x", b"\xff\xfe\x00"])
def test_a_file_that_is_not_vcard_text_imports_nothing(workspace: Workspace, data: bytes) -> None:
    with pytest.raises(VcardFileError):
        import_vcards(workspace, ACCOUNT, data)


def test_a_failing_write_is_a_save_error_and_imports_nobody(
    replica: Replica, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved = 0
    real_save = records.save

    def save_then_fail(*args: Any, **kwargs: Any) -> None:
        nonlocal saved
        saved += 1
        if saved == 2:  # the disk refuses the second card
            raise OperationalError("INSERT INTO contact", {}, Exception("disk I/O error"))
        real_save(*args, **kwargs)

    monkeypatch.setattr(records, "save", save_then_fail)
    with replica.session() as session:
        before = [c.name for c in queries.contacts_of(session, ACCOUNT)]
        queued = outbox.count(session)

    with pytest.raises(SaveError):
        import_vcards(workspace, ACCOUNT, CARDS.encode("utf-8"))

    monkeypatch.undo()
    with replica.session() as session:
        assert [c.name for c in queries.contacts_of(session, ACCOUNT)] == before
        assert outbox.count(session) == queued
