"""Web enquiries: a form on the company's site calls in, and the right person gets a task.

An enquiry that matches a known account (same phone or e-mail, or a close company name in the
same city, as in imports) becomes a call-back task for the account's owner. Otherwise it becomes
a new lead (an account with status "prospect" and the enquirer as its contact) in the territory
the routing rules give its city, owned by and tasked to a member of that territory. Everything
goes through the one write path, so it reaches the owner's client through the change feed.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import case, delete, select
from sqlalchemy.orm import Session

from server import writes
from server.errors import ApiError
from server.matching import find_account, normal_city, normal_email, normal_phone
from server.tables import Account, EnquiryRoute, Territory, User, UserTerritory

DEFAULT_ROUTE = "*"
LEAD_STATUS = "prospect"
TITLE_PREFIX = "Web enquiry: "
# Who in a territory takes a new enquiry first: a rep, else an agent, else a manager.
_ROLE_ORDER = case({"rep": 0, "agent": 1, "manager": 2}, value=User.role, else_=3)


class RoutingError(ValueError):
    """The routing rules cannot be used; the message says why in a sentence."""


class Enquiry(BaseModel):
    """What a web form sends. `name` is the person; `company` the organisation, if any."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=200)
    company: str | None = Field(default=None, max_length=300)
    phone: str | None = Field(default=None, max_length=64)
    email: str | None = Field(default=None, max_length=254)
    city: str | None = Field(default=None, max_length=100)
    message: str | None = Field(default=None, max_length=2000)
    source: str | None = Field(default=None, max_length=64)

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        if value and normal_phone(value) is None:
            raise ValueError("is not a phone number")
        return value or None

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value and normal_email(value) is None:
            raise ValueError("is not an e-mail address")
        return value or None


class EnquiryResult(BaseModel):
    outcome: Literal["existing_account", "new_lead"]
    account_id: str
    task_id: str
    assignee_id: str | None


def receive(session: Session, enquiry: Enquiry, today: dt.date) -> EnquiryResult:
    """Turn an enquiry into a task (and a lead when the account is new), in the caller's
    write transaction; raises ApiError 422 naming the field at fault."""
    if enquiry.phone is None and enquiry.email is None:
        raise ApiError(422, "invalid", "Give a phone number or an e-mail address.", field="phone")
    match = find_account(
        session, phone=enquiry.phone, email=enquiry.email, name=enquiry.company, city=enquiry.city
    )
    account = session.get(Account, match.record_id) if match else None
    if account is not None:
        outcome: Literal["existing_account", "new_lead"] = "existing_account"
        assignee = account.owner_id or _member_of(session, account.territory_id)
        account_id = account.id
    else:
        outcome = "new_lead"
        territory_id = route(session, enquiry.city)
        assignee = _member_of(session, territory_id)
        account_id = _create_lead(session, enquiry, territory_id, assignee)
    task_id = str(uuid.uuid4())
    summary = ": ".join(part for part in (enquiry.name, enquiry.message) if part)
    _write(
        session,
        "task",
        task_id,
        {
            "account_id": account_id,
            "title": (TITLE_PREFIX + summary)[:300],
            "kind": "call",
            "due_date": today.isoformat(),
            "done": False,
            "assignee_id": assignee,
        },
    )
    return EnquiryResult(
        outcome=outcome, account_id=account_id, task_id=task_id, assignee_id=assignee
    )


def _create_lead(
    session: Session, enquiry: Enquiry, territory_id: str, owner_id: str | None
) -> str:
    account_id = str(uuid.uuid4())
    note = f"Web enquiry ({enquiry.source})" if enquiry.source else "Web enquiry"
    _write(
        session,
        "account",
        account_id,
        {
            "name": enquiry.company or enquiry.name,
            "phone": enquiry.phone,
            "city": enquiry.city,
            "status": LEAD_STATUS,
            "territory_id": territory_id,
            "owner_id": owner_id,
            "note": note,
        },
    )
    _write(
        session,
        "contact",
        str(uuid.uuid4()),
        {
            "account_id": account_id,
            "name": enquiry.name,
            "phone": enquiry.phone,
            "email": enquiry.email,
        },
    )
    return account_id


def _write(session: Session, entity: str, record_id: str, fields: dict[str, Any]) -> None:
    outcome = writes.apply(session, writes.Write(entity, record_id, fields), principal=None)
    if outcome.status != "applied":
        problem = outcome.problems[0]
        raise ApiError(422, "invalid", f"{problem.field} {problem.message}", field=problem.field)


def _member_of(session: Session, territory_id: str) -> str | None:
    """Who in the territory gets new enquiries: a rep before an agent before a manager,
    then by name."""
    return session.scalar(
        select(User.id)
        .join(UserTerritory, UserTerritory.user_id == User.id)
        .where(UserTerritory.territory_id == territory_id, User.deleted.is_(False))
        .order_by(_ROLE_ORDER, User.name)
        .limit(1)
    )


# --- routing rules ----------------------------------------------------------------------------


def route(session: Session, city: str | None) -> str:
    """The territory id new leads from `city` go to: the city's rule, else the default."""
    rules = dict(session.execute(select(EnquiryRoute.city, EnquiryRoute.territory_key)).all())
    key = rules.get(normal_city(city)) or rules.get(DEFAULT_ROUTE)
    if key is None:
        raise ApiError(
            503,
            "not_configured",
            "The server has no enquiry routing rules; an admin must set them first.",
        )
    territory_id = _territory_id(session, key)
    if territory_id is None:
        raise ApiError(503, "not_configured", f"The routing rules name a missing territory {key}.")
    return territory_id


def _territory_id(session: Session, key: str) -> str | None:
    return session.scalar(
        select(Territory.id).where(Territory.key == key, Territory.deleted.is_(False))
    )


def set_routes(session: Session, text: str) -> int:
    """Replace the routing rules with those of a rules file; returns the number of cities.

    The file: {"default": "north", "cities": {"北京": "north", "上海": "east"}}.
    """
    try:
        rules = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RoutingError(f"The rules are not valid JSON: {exc.msg}.") from exc
    if not isinstance(rules, dict) or not isinstance(rules.get("default"), str):
        raise RoutingError('The rules need a "default" territory key.')
    cities = rules.get("cities", {})
    if not isinstance(cities, dict) or not all(isinstance(v, str) for v in cities.values()):
        raise RoutingError('"cities" must map city names to territory keys.')
    wanted = {normal_city(city): key for city, key in cities.items()}
    wanted[DEFAULT_ROUTE] = rules["default"]
    missing = sorted({key for key in wanted.values() if _territory_id(session, key) is None})
    if missing:
        raise RoutingError("No territory has the key " + ", ".join(missing) + ".")
    session.execute(delete(EnquiryRoute))
    session.add_all(EnquiryRoute(city=city, territory_key=key) for city, key in wanted.items())
    return len(wanted) - 1
