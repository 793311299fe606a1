"""A pull page written straight to JSON (`PullPage.to_json`) says exactly what the protocol's
models say of the same records: every field as `values.wire_fields` gives it (dates and
datetimes as ISO text, answers as their JSON), on SQLite and on PostgreSQL."""

from __future__ import annotations

import json

from sqlalchemy import Engine

from protocol.sync import Change, PullResponse
from server import users
from server.pull import pull
from server.tables import MODELS, User
from server.values import wire_fields
from tests.unit.server.helpers import both_databases
from tests.unit.server.imports.helpers import Office, make_office

db_url = both_databases

ANSWERS = [{"step": "原因", "codes": ["price", "交期"]}, {"step": "next", "codes": []}]


def fill(office: Office) -> None:
    account = office.add(
        "account", {"name": '北京科技 "Quote" \\ Ltd', "territory_id": office.north}
    )
    office.add("contact", {"account_id": account, "name": "王伟", "phone": None})
    office.add("task", {"account_id": account, "title": "送报价", "due_date": "2026-11-25",
                        "done": False, "kind": "task"})  # fmt: skip
    office.add("task", {"account_id": account, "title": "no date", "due_date": None})
    for occurred_at in ("2026-11-20T10:00:00+08:00", "2026-11-20T10:00:00.123456+00:00"):
        office.add("activity", {"account_id": account, "process_key": "visit",
                                "process_version": 1, "kind": "visit",
                                "occurred_at": occurred_at, "answers": ANSWERS})  # fmt: skip


def test_a_page_on_the_wire_is_what_the_protocol_models_serialize(engine: Engine) -> None:
    office = make_office(engine)
    fill(office)
    with office.sessions.read() as session:
        rep = users.principal_of(session, session.get_one(User, office.wang))
        page = pull(session, rep, 0, 1000)
        expected = PullResponse(
            changes=[
                Change(
                    entity=change["entity"],
                    record_id=change["record_id"],
                    version=change["version"],
                    fields=wire_fields(
                        change["entity"],
                        session.get_one(MODELS[change["entity"]], change["record_id"]),
                    ),
                )
                for change in page.changes
            ],
            cursor=page.cursor,
            has_more=page.has_more,
            scope=page.scope,
            feed=page.feed,
            feed_since=page.feed_since,
        )

    assert json.loads(page.to_json()) == json.loads(expected.model_dump_json())
    activities = [c for c in expected.changes if c.entity == "activity"]
    assert [a.fields["occurred_at"] for a in activities] == [
        "2026-11-20T02:00:00+00:00",
        "2026-11-20T10:00:00.123456+00:00",
    ]
    assert all(a.fields["answers"] == ANSWERS for a in activities)
    assert PullResponse.model_validate_json(page.to_json()) == expected
