"""Recognising an account again under another spelling, for imports and web enquiries.

Phone numbers match in any format (`protocol.phones`, the normaliser the client's lookup uses
too): a stored number is read in its account's region (`server.regions`); a number given with
its country code matches by E.164, one in national form is read in the region it comes with,
or, when it comes with none, in the region of each stored number that ends in the same digits.
E-mail addresses match in any case, and company names when they are close once their legal
form (有限公司, Co., Ltd., GmbH …) and punctuation are gone, in the same city.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process
from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from protocol import phones
from protocol.phones import DEFAULT_REGION
from server.regions import Regions
from server.tables import Account, Contact

# Similarity (rapidfuzz's ratio, 0-100, as difflib's ratio) from which two normalised names
# count as the same company: a character added or dropped in a name of four or more, or
# changed in one of nine or more.
CLOSE_NAME_SCORE = 88
_LEGAL_FORMS_ZH = ("股份有限公司", "有限责任公司", "有限公司", "集团公司", "公司")
_LEGAL_FORMS_LATIN = re.compile(
    r"\b(co|company|ltd|limited|inc|incorporated|corp|corporation|llc|gmbh|ag|plc|sa|srl)\b\.?"
)
_NOT_WORD = re.compile(r"[\W_]+")
_SEPARATORS = (" ", "-", ".", "(", ")", "/")


def normal_phone(text: str | None, region: str = DEFAULT_REGION) -> str | None:
    """The number in E.164 read in `region`, or None when `text` is not a phone number."""
    return phones.number_key(text, region)


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


# id, name, phone, city, country, territory id
_AccountQuery = Select[str, str, str | None, str | None, str | None, str]
# account id, phone, e-mail, the account's country and territory id
_ContactQuery = Select[str, str | None, str | None, str | None, str]
_LIVE_ACCOUNTS: _AccountQuery = select(
    Account.id, Account.name, Account.phone, Account.city, Account.country, Account.territory_id
).where(Account.deleted.is_(False))
_LIVE_CONTACTS: _ContactQuery = (
    select(Contact.account_id, Contact.phone, Contact.email, Account.country, Account.territory_id)
    .join(Account, Account.id == Contact.account_id)
    .where(Contact.deleted.is_(False))
)


@dataclass(frozen=True)
class _Stored:
    """A stored number: whose it is, the region it is read in, its E.164 key."""

    account_id: str
    region: str
    key: str


@dataclass
class AccountIndex:
    """The live accounts by phone (their own and their contacts'), contact e-mail, and name
    per city; kept in memory so a whole file is matched without a query per row."""

    regions: Regions = field(default_factory=Regions)
    by_phone: dict[str, str] = field(default_factory=dict)
    by_tail: dict[str, list[_Stored]] = field(default_factory=lambda: defaultdict(list))
    by_email: dict[str, str] = field(default_factory=dict)
    by_city: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))

    @classmethod
    def load(cls, session: Session) -> AccountIndex:
        """Every live account and contact."""
        return _indexed(session, [_LIVE_ACCOUNTS], [_LIVE_CONTACTS])

    def add_account(
        self,
        account_id: str,
        name: str,
        phone: str | None,
        city: str | None,
        region: str | None = None,
    ) -> None:
        """Index an account whose numbers are read in `region` (None: the default); the
        first account seen keeps a shared phone."""
        self._add_phone(account_id, phone, region)
        self.by_city[normal_city(city)].setdefault(normal_name(name), account_id)

    def add_contact(
        self, account_id: str, phone: str | None, email: str | None, region: str | None = None
    ) -> None:
        self._add_phone(account_id, phone, region)
        if (address := normal_email(email)) is not None:
            self.by_email.setdefault(address, account_id)

    def _add_phone(self, account_id: str, phone: str | None, region: str | None) -> None:
        region = region or self.regions.default
        if (key := phones.number_key(phone, region)) is None:
            return
        if self.by_phone.setdefault(key, account_id) == account_id:
            self.by_tail[key[-phones.TAIL_DIGITS :]].append(_Stored(account_id, region, key))

    def find_phone(self, phone: str | None, region: str | None = None) -> str | None:
        """The account with this number: read in `region` when given (or when written with
        its country code), else in the region of each stored number ending in its digits."""
        reading = region or self.regions.default
        number = phones.parse(phone, reading, as_typed=True)
        if number is not None and (region is not None or phones.is_international(number)):
            return self.by_phone.get(phones.number_key(phone, reading) or "")
        if region is not None:
            return None
        found = {
            stored.account_id
            for stored in self.by_tail.get(phones.tail(phone) or "", [])
            if phones.number_key(phone, stored.region) == stored.key
        }
        # Read in two countries it is two accounts' number (a French 6 12 34 56 78 and a
        # Spanish 612 34 56 78): nobody can tell which, so it is neither.
        return found.pop() if len(found) == 1 else None

    def find(
        self,
        *,
        phone: str | None = None,
        email: str | None = None,
        name: str | None = None,
        city: str | None = None,
        region: str | None = None,
    ) -> Match | None:
        """The account these details most likely belong to: same phone (read in `region`,
        see `find_phone`) or e-mail, else a close name in the same city."""
        if (account_id := self.find_phone(phone, region)) is not None:
            return Match(account_id, "same phone")
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
    region: str | None = None,
) -> Match | None:
    """`AccountIndex.find` for one lookup, without loading every account: the database picks
    the candidates (phones holding the number's last four digits, contacts with the e-mail,
    accounts in the city), and the same rules decide among them."""
    accounts: list[_AccountQuery] = []
    contacts: list[_ContactQuery] = []
    if (tail := phones.tail(phone)) is not None:
        digits = f"%{tail[-4:]}%"
        accounts.append(_LIVE_ACCOUNTS.where(_digits_of(Account.phone).like(digits)))
        contacts.append(_LIVE_CONTACTS.where(_digits_of(Contact.phone).like(digits)))
    if (address := normal_email(email)) is not None:
        contacts.append(_LIVE_CONTACTS.where(func.lower(Contact.email) == address))
    if name and city:
        town = normal_city(city)
        accounts.append(_LIVE_ACCOUNTS.where(func.lower(Account.city).in_([town, town + "市"])))
    index = _indexed(session, accounts, contacts)
    return index.find(phone=phone, email=email, name=name, city=city, region=region)


def _digits_of(column: InstrumentedAttribute[str | None]) -> ColumnElement[str]:
    """A phone column without the separators people write between digits."""
    digits: ColumnElement[str] = func.replace(column, _SEPARATORS[0], "")
    for separator in _SEPARATORS[1:]:
        digits = func.replace(digits, separator, "")
    return digits


def _indexed(
    session: Session, accounts: list[_AccountQuery], contacts: list[_ContactQuery]
) -> AccountIndex:
    regions = Regions.load(session)
    index = AccountIndex(regions)
    for account_statement in accounts:
        for account_id, name, phone, city, country, territory_id in session.execute(
            account_statement
        ):
            index.add_account(
                account_id, name, phone, city, regions.of_account(country, territory_id)
            )
    for contact_statement in contacts:
        for account_id, phone, email, country, territory_id in session.execute(contact_statement):
            index.add_contact(account_id, phone, email, regions.of_account(country, territory_id))
    return index
