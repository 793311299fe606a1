"""Contacts as vCards (.vcf): a rep's contacts out to their phone or mail program, and a
.vcf file from there into an account.

Export writes vCard 3.0, the version Outlook, Apple Contacts and Android all read; each card's
UID is the contact's id. Import creates the cards' people as contacts of one account through
the workspace's one saving path (`Workspace.saving`), so they sync like any edit and a failed
write is a SaveError with nothing written; a card whose person the account already
has (same name, phone or e-mail) is skipped, so importing a file twice adds nobody twice.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

import vobject
from sqlalchemy.orm import Session

from app.errors import UserError
from app.workspace import Workspace
from local_store import queries, records
from local_store.models import Contact
from local_store.records import InvalidRecordError
from local_store.search_keys import phone_keys


class VcardFileError(UserError):
    """The file is not vCard text this app can read; nothing was imported."""


@dataclass(frozen=True)
class SkippedCard:
    name: str  # as on the card ("" when it has none)
    reason: str  # "no name", "already a contact", or the field problem


@dataclass(frozen=True)
class VcardImport:
    created: list[str] = field(default_factory=list)  # the new contacts' ids
    skipped: list[SkippedCard] = field(default_factory=list)


def export_contacts(workspace: Workspace) -> bytes:
    """The contacts of the accounts the user owns, as the bytes of a .vcf file."""
    with workspace.reading() as session:
        cards = [_card(contact, account.name) for contact, account in
                 queries.contacts_of_owner(session, workspace.me.id)]  # fmt: skip
    return "".join(card.serialize() for card in cards).encode("utf-8")


def _card(contact: Contact, organisation: str) -> Any:
    card = vobject.vCard()
    card.add("uid").value = contact.id
    card.add("fn").value = contact.name
    # Chinese names have no reliable given/family split: the whole name is the family part.
    card.add("n").value = vobject.vcard.Name(family=contact.name)
    card.add("org").value = [organisation]
    if contact.title:
        card.add("title").value = contact.title
    if contact.phone:
        tel = card.add("tel")
        tel.value = contact.phone
        tel.type_param = "WORK"
    if contact.email:
        email = card.add("email")
        email.value = contact.email
        email.type_param = "INTERNET"
    return card


def import_vcards(workspace: Workspace, account_id: str, data: bytes) -> VcardImport:
    """Add the people of a .vcf file to an account; raises VcardFileError for a bad file, and
    SaveError (nothing imported) when the replica refuses the write."""
    cards = _read_cards(data)
    result = VcardImport()
    with workspace.saving() as session:
        known = _Known.of_account(session, account_id)
        for card in cards:
            details = _details(card)
            name = details.get("name") or ""
            if not name:
                result.skipped.append(SkippedCard("", "no name"))
            elif known.has(details):
                result.skipped.append(SkippedCard(name, "already a contact"))
            else:
                contact_id = str(uuid.uuid4())
                try:  # save checks the fields before it writes anything
                    records.save(session, "contact", contact_id,
                                 {"account_id": account_id, **details})  # fmt: skip
                except InvalidRecordError as exc:
                    result.skipped.append(SkippedCard(name, str(exc)))
                    continue
                result.created.append(contact_id)
                known.add(details)
    return result


def _read_cards(data: bytes) -> list[Any]:
    try:
        text = data.decode("utf-8-sig")
        cards = list(vobject.readComponents(text))
    except (UnicodeDecodeError, vobject.base.ParseError) as exc:
        raise VcardFileError(str(exc)) from exc
    cards = [card for card in cards if card.name == "VCARD"]
    if not cards:
        raise VcardFileError("no vCard in the file")
    return cards


def _details(card: Any) -> dict[str, str]:
    """Name, title, phone and e-mail of a card (the first of each), stripped."""
    name = _first(card, "fn")
    if not name and "n" in card.contents:
        parts = card.n.value
        name = " ".join(p for p in (parts.family, parts.given) if p).strip()
    details = {"name": name, "title": _first(card, "title"),
               "phone": _first(card, "tel"), "email": _first(card, "email")}  # fmt: skip
    return {key: value for key, value in details.items() if value}


def _first(card: Any, key: str) -> str:
    lines = card.contents.get(key) or []
    value = lines[0].value if lines else ""
    return value.strip() if isinstance(value, str) else ""


@dataclass
class _Known:
    """Names, phone digits and e-mails of an account's contacts, to spot people twice."""

    names: set[str] = field(default_factory=set)
    phones: set[str] = field(default_factory=set)
    emails: set[str] = field(default_factory=set)

    @classmethod
    def of_account(cls, session: Session, account_id: str) -> _Known:
        known = cls()
        for contact in queries.contacts_of(session, account_id):
            known.add({"name": contact.name, "phone": contact.phone or "",
                       "email": contact.email or ""})  # fmt: skip
        return known

    def add(self, details: dict[str, str]) -> None:
        self.names.add(details.get("name", "").casefold())
        self.phones.update(phone_keys(details.get("phone")))
        self.emails.add(details.get("email", "").casefold())
        self.emails.discard("")

    def has(self, details: dict[str, str]) -> bool:
        return (
            details.get("name", "").casefold() in self.names
            or bool(self.phones.intersection(phone_keys(details.get("phone"))))
            or details.get("email", "").casefold() in self.emails
        )
