"""Recognising an account again under another spelling, for imports and web enquiries.

Phone numbers match in any format (E.164 in region CN), e-mail addresses in any case, and
company names when they are close once their legal form (有限公司, Co., Ltd., GmbH …) and
punctuation are gone, in the same city.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

import phonenumbers
from rapidfuzz import fuzz, process
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from server.tables import Account, Contact

PHONE_REGION = "CN"
# Similarity (rapidfuzz's ratio, 0-100, as difflib's ratio) from which two normalised names
# count as the same company: a character added or dropped in a name of four or more, or
# changed in one of nine or more.
CLOSE_NAME_SCORE = 88
_LEGAL_FORMS_ZH = ("股份有限公司", "有限责任公司", "有限公司", "集团公司", "公司")
_LEGAL_FORMS_LATIN = re.compile(
    r"\b(co|company|ltd|limited|inc|incorporated|corp|corporation|llc|gmbh|ag|plc|sa|srl)\b\.?"
)
_NOT_WORD = re.compile(r"[\W_]+")


def normal_phone(text: str | None) -> str | None:
    """The number in E.164, or None when `text` is not a possible phone number."""
    if not text or not text.strip():
        return None
    try:
        number = phonenumbers.parse(text, PHONE_REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normal_email(text: str | None) -> str | None:
    """The address lower-cased, or None when `text` does not look like one."""
    if not text:
        return None
    address = text.strip().lower()
    local, at, domain = address.partition("@")
    return address if at and local and "." in domain and " " not in address else None


def normal_name(text: str | None) -> str:
    """A company or person name without case, width, legal form, punctuation or spaces."""
    if not text:
        return ""
    folded = unicodedata.normalize("NFKC", text).lower()
    for form in _LEGAL_FORMS_ZH:
        folded = folded.replace(form, " ")
    stripped = _NOT_WORD.sub("", _LEGAL_FORMS_LATIN.sub(" ", folded))
    return stripped or _NOT_WORD.sub("", folded)


def normal_city(text: str | None) -> str:
    """A city name without case, width or the 市 suffix."""
    if not text:
        return ""
    city = unicodedata.normalize("NFKC", text).strip().lower()
    return city.removesuffix("市")


def close_names(a: str, b: str) -> bool:
    """Whether two normalised names are the same company written a little differently."""
    return bool(a and b) and fuzz.ratio(a, b) >= CLOSE_NAME_SCORE


@dataclass(frozen=True)
class Match:
    record_id: str
    reason: str  # "same phone", "same e-mail", "close name in the same city"


_AccountQuery = Select[str, str, str | None, str | None]  # id, name, phone, city
_ContactQuery = Select[str, str | None, str | None]  # account id, phone, e-mail
_LIVE_ACCOUNTS: _AccountQuery = select(Account.id, Account.name, Account.phone, Account.city).where(
    Account.deleted.is_(False)
)
_LIVE_CONTACTS: _ContactQuery = select(Contact.account_id, Contact.phone, Contact.email).where(
    Contact.deleted.is_(False)
)


@dataclass
class AccountIndex:
    """The live accounts by phone (their own and their contacts'), contact e-mail, and name
    per city; kept in memory so a whole file is matched without a query per row."""

    by_phone: dict[str, str] = field(default_factory=dict)
    by_email: dict[str, str] = field(default_factory=dict)
    by_city: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))

    @classmethod
    def load(cls, session: Session) -> AccountIndex:
        """Every live account and contact."""
        return _indexed(session, [_LIVE_ACCOUNTS], [_LIVE_CONTACTS])

    def add_account(self, account_id: str, name: str, phone: str | None, city: str | None) -> None:
        """Index an account; the first account seen keeps a shared phone."""
        if (key := normal_phone(phone)) is not None:
            self.by_phone.setdefault(key, account_id)
        self.by_city[normal_city(city)].setdefault(normal_name(name), account_id)

    def add_contact(self, account_id: str, phone: str | None, email: str | None) -> None:
        if (key := normal_phone(phone)) is not None:
            self.by_phone.setdefault(key, account_id)
        if (address := normal_email(email)) is not None:
            self.by_email.setdefault(address, account_id)

    def find(
        self,
        *,
        phone: str | None = None,
        email: str | None = None,
        name: str | None = None,
        city: str | None = None,
    ) -> Match | None:
        """The account these details most likely belong to: same phone or e-mail, else a
        close name in the same city."""
        if (key := normal_phone(phone)) is not None and key in self.by_phone:
            return Match(self.by_phone[key], "same phone")
        if (address := normal_email(email)) is not None and address in self.by_email:
            return Match(self.by_email[address], "same e-mail")
        wanted = normal_name(name)
        names = self.by_city.get(normal_city(city), {})
        if wanted in names:
            return Match(names[wanted], "same name in the same city")
        if wanted:
            best = process.extractOne(
                wanted, list(names), scorer=fuzz.ratio, score_cutoff=CLOSE_NAME_SCORE
            )
            if best is not None:
                return Match(names[best[0]], "close name in the same city")
        return None

    def named(self, name: str) -> list[str]:
        """Every account whose normalised name equals that of `name`, in any city."""
        wanted = normal_name(name)
        return [names[wanted] for names in self.by_city.values() if wanted in names]


def find_account(
    session: Session,
    *,
    phone: str | None = None,
    email: str | None = None,
    name: str | None = None,
    city: str | None = None,
) -> Match | None:
    """`AccountIndex.find` for one lookup, without loading every account: the database picks
    the candidates (phones holding the number's last four digits, contacts with the e-mail,
    accounts in the city), and the same rules decide among them."""
    accounts: list[_AccountQuery] = []
    contacts: list[_ContactQuery] = []
    if (number := normal_phone(phone)) is not None:
        digits = f"%{number[-4:]}%"
        accounts.append(_LIVE_ACCOUNTS.where(Account.phone.like(digits)))
        contacts.append(_LIVE_CONTACTS.where(Contact.phone.like(digits)))
    if (address := normal_email(email)) is not None:
        contacts.append(_LIVE_CONTACTS.where(func.lower(Contact.email) == address))
    if name and city:
        town = normal_city(city)
        accounts.append(_LIVE_ACCOUNTS.where(func.lower(Account.city).in_([town, town + "市"])))
    index = _indexed(session, accounts, contacts)
    return index.find(phone=phone, email=email, name=name, city=city)


def _indexed(
    session: Session, accounts: list[_AccountQuery], contacts: list[_ContactQuery]
) -> AccountIndex:
    index = AccountIndex()
    for account_statement in accounts:
        for account_id, name, phone, city in session.execute(account_statement):
            index.add_account(account_id, name, phone, city)
    for contact_statement in contacts:
        for account_id, phone, email in session.execute(contact_statement):
            index.add_contact(account_id, phone, email)
    return index
