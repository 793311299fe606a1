"""Web enquiries: a form on the company's site calls in, and the right person gets a task.

An enquiry that matches a known account (same phone or e-mail, or a close company name in the
same city, as in imports) becomes a call-back task for the account's owner. A phone number in
national form is read in the enquiry's country, or without one in each candidate account's own
region, so a customer abroad who types their number as at home is still recognised. Otherwise
it becomes a new lead (an account with status "prospect" and the enquirer as its contact) in the
territory the routing rules give its city, else its country, else the default, owned by and
tasked to a member of that territory. The same enquiry sent again (the same person and message)
within a day adds no second task. Everything goes through the one write path, so it reaches the
owner's client through the change feed.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
import uuid
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import case, delete, select
from sqlalchemy.orm import Session

from protocol import phones
from protocol.countries import country_code
from server import writes
from server.api_error import ApiError
from server.matching import find_account, normal_email
from server.tables import Account, EnquiryRoute, Task, Territory, User, UserTerritory

DEFAULT_ROUTE = "*"
COUNTRY_ROUTE = "country:"  # prefix of a country's rule among the routes (country:FR)
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
    country: str | None = Field(default=None, max_length=100)
    message: str | None = Field(default=None, max_length=2000)
    source: str | None = Field(default=None, max_length=64)

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        if value and phones.tail(value) is None:
            raise ValueError("is not a phone number")
        return value or None

    @field_validator("country")
    @classmethod
    def _country(cls, value: str | None) -> str | None:
        if value and country_code(value) is None:
            raise ValueError("is not a country code or a country's name")
        return country_code(value)

    def country_code(self) -> str | None:
        """The country given, else one named after the city ("Paris, France")."""
        return self.country or _trailing_country(self.city)

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value and normal_email(value) is None:
            raise ValueError("is not an e-mail address")
        return value or None


class EnquiryResult(BaseModel):
    """`repeat`: the same enquiry came within a day; `task_id` is then the earlier task."""

    outcome: Literal["existing_account", "new_lead"]
    account_id: str
    task_id: str
    assignee_id: str | None
    repeat: bool = False


def receive(session: Session, enquiry: Enquiry, today: dt.date) -> EnquiryResult:
    """Turn an enquiry into a task (and a lead when the account is new), in the caller's
    write transaction; raises ApiError 422 naming the field at fault."""
    if enquiry.phone is None and enquiry.email is None:
        raise ApiError(422, "invalid", "Give a phone number or an e-mail address.", field="phone")
    country = enquiry.country_code()
    match = find_account(
        session,
        phone=enquiry.phone,
        email=enquiry.email,
        name=enquiry.company,
        city=_city_alone(enquiry.city),
        region=country,
    )
    account = session.get(Account, match.record_id) if match else None
    if account is not None:
        outcome: Literal["existing_account", "new_lead"] = "existing_account"
        assignee = account.owner_id or _member_of(session, account.territory_id)
        account_id = account.id
    else:
        outcome = "new_lead"
        territory_id = route(session, enquiry.city, country)
        assignee = _member_of(session, territory_id)
        account_id = _create_lead(session, enquiry, territory_id, assignee, country)
    summary = ": ".join(part for part in (enquiry.name, enquiry.message) if part)
    title = (TITLE_PREFIX + summary)[:300]
    earlier = _same_task(session, account_id, title, today)
    if earlier is not None:
        return EnquiryResult(
            outcome=outcome,
            account_id=account_id,
            task_id=earlier.id,
            assignee_id=earlier.assignee_id,
            repeat=True,
        )
    task_id = str(uuid.uuid4())
    _write(
        session,
        "task",
        task_id,
        {
            "account_id": account_id,
            "title": title,
            "kind": "call",
            "due_date": today.isoformat(),
            "done": False,
            "assignee_id": assignee,
        },
    )
    return EnquiryResult(
        outcome=outcome, account_id=account_id, task_id=task_id, assignee_id=assignee
    )


def _same_task(session: Session, account_id: str, title: str, today: dt.date) -> Task | None:
    """The task an enquiry with this title made for the account since yesterday, if any: the
    same person sending the same message again (a double click, an impatient customer)."""
    return session.scalar(
        select(Task).where(
            Task.account_id == account_id,
            Task.title == title,
            Task.deleted.is_(False),
            Task.due_date >= today - dt.timedelta(days=1),
        )
    )


def _create_lead(
    session: Session,
    enquiry: Enquiry,
    territory_id: str,
    owner_id: str | None,
    country: str | None,
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
            "country": country,
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


def route(session: Session, city: str | None, country: str | None = None) -> str:
    """The territory id new leads from `city` go to: the city's rule, else the rule of the
    country (given, or named after the city), else the default."""
    rules = dict(session.execute(select(EnquiryRoute.city, EnquiryRoute.territory_key)).all())
    country = country or _trailing_country(city)
    key = (
        rules.get(route_city(city))
        or (rules.get(COUNTRY_ROUTE + country) if country else None)
        or rules.get(DEFAULT_ROUTE)
    )
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


_PARTS = re.compile(r"\s*[,，、]\s*")
_SPACES = re.compile(r"\s+")
_PROVINCE = re.compile(r"^(?:.+?省|.+?自治区)")


def _city_alone(text: str | None) -> str | None:
    """The city of "Paris, France" or "Guangzhou, Guangdong": its first part."""
    if not text or not text.strip():
        return None
    return _PARTS.split(text.strip())[0] or None


def _trailing_country(city: str | None) -> str | None:
    """The country named after a city ("Paris, France"), if any."""
    parts = _PARTS.split(city.strip()) if city else []
    return country_code(parts[-1]) if len(parts) > 1 else None


def route_city(text: str | None) -> str:
    """A city as routing rules compare it: no case, width or extra spaces, nothing after a
    comma (a province, a country), no province before it and no 市 after it (广东省广州市)."""
    city = _city_alone(text)
    if city is None:
        return ""
    folded = _SPACES.sub(" ", unicodedata.normalize("NFKC", city)).casefold()
    return _PROVINCE.sub("", folded).removesuffix("市") or folded


def _territory_id(session: Session, key: str) -> str | None:
    return session.scalar(
        select(Territory.id).where(Territory.key == key, Territory.deleted.is_(False))
    )


def set_routes(session: Session, text: str) -> int:
    """Replace the routing rules with those of a rules file; returns the number of rules
    besides the default.

    The file: {"default": "north", "cities": {"北京": "north", "上海": "east"},
    "countries": {"FR": "europe", "Germany": "europe", "英国": "europe"}}.
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
    countries = rules.get("countries", {})
    if not isinstance(countries, dict) or not all(isinstance(v, str) for v in countries.values()):
        raise RoutingError('"countries" must map countries to territory keys.')
    unknown = sorted(name for name in countries if country_code(name) is None)
    if unknown:
        raise RoutingError("These are no countries: " + ", ".join(unknown) + ".")
    wanted = {route_city(city): key for city, key in cities.items()}
    wanted |= {COUNTRY_ROUTE + str(country_code(name)): key for name, key in countries.items()}
    wanted[DEFAULT_ROUTE] = rules["default"]
    missing = sorted({key for key in wanted.values() if _territory_id(session, key) is None})
    if missing:
        raise RoutingError("No territory has the key " + ", ".join(missing) + ".")
    session.execute(delete(EnquiryRoute))
    session.add_all(EnquiryRoute(city=city, territory_key=key) for city, key in wanted.items())
    return len(wanted) - 1
