"""The region a record's phone numbers are read in, on the client as on the server
(`server.regions`): the account's country, else its territory's region, else the server-wide
default the server named at sign-in. A contact's numbers are read in its account's region.

Pulled pages have their search keys made before they reach the replica (`sync.replica_side`),
from the record alone: an account in its own country, else in `DEFAULT_REGION`. `refresh_pulled`
then makes again, in the same transaction, the keys of the few records whose region the replica
knows to be another one; a whole territory loaded in bulk has them made again once, at the end
of the load (`refresh_loaded`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, or_, select
from sqlalchemy.orm import Session

from local_store import state
from local_store.models import Account, Contact, Territory
from protocol.phones import DEFAULT_REGION


@dataclass(frozen=True)
class Regions:
    default: str
    territories: dict[str, str]

    @classmethod
    def load(cls, session: Session) -> Regions:
        rows = session.execute(
            select(Territory.id, Territory.region).where(Territory.region.is_not(None))
        )
        default = state.get(session, state.DEFAULT_REGION) or DEFAULT_REGION
        return cls(default, {territory_id: region for territory_id, region in rows if region})

    def of_account(self, country: str | None, territory_id: str | None) -> str:
        return country or (self.territories.get(territory_id or "")) or self.default


def region_of_account(session: Session, account_id: str | None) -> str:
    """The region the numbers of an account (and of its contacts) are read in."""
    account = session.get(Account, account_id) if account_id else None
    regions = Regions.load(session)
    if account is None:
        return regions.default
    return regions.of_account(account.country, account.territory_id)


@dataclass(frozen=True)
class _Elsewhere:
    """Which records are read in another region than `DEFAULT_REGION`, as conditions."""

    regions: Regions
    no_country: ColumnElement[bool]  # an account without a country that is
    accounts: ColumnElement[bool]  # an account that is (its contacts are)
    some_without_country: bool  # whether any account without a country can be

    @classmethod
    def load(cls, session: Session) -> _Elsewhere:
        regions = Regions.load(session)
        elsewhere = [tid for tid, region in regions.territories.items() if region != DEFAULT_REGION]
        at_home = [tid for tid, region in regions.territories.items() if region == DEFAULT_REGION]
        if regions.default == DEFAULT_REGION:
            no_country = Account.territory_id.in_(elsewhere)
        else:
            no_country = Account.territory_id.not_in(at_home)
        accounts = or_(
            Account.country.is_(None) & no_country,
            Account.country.is_not(None) & (Account.country != DEFAULT_REGION),
        )
        some = bool(elsewhere) or regions.default != DEFAULT_REGION
        return cls(regions, no_country, accounts, some)


_CONTACTS = (
    select(Contact, Account.country, Account.territory_id)
    .join(Account, Account.id == Contact.account_id)
    .execution_options(populate_existing=True)
)


def refresh_pulled(session: Session, changed: Mapping[str, Iterable[str]]) -> None:
    """Make again the keys of pulled records (ids per entity) that are read in another region
    than `DEFAULT_REGION`, the one their keys were made in without a country: accounts without
    a country in a territory with another region (or all, when the server's default is
    another), the contacts of accounts read elsewhere, and the accounts of pulled territories.
    The database picks them, so a replica of one region's customers loads nothing twice."""
    territories = list(changed.get("territory", ()))
    account_ids = list(changed.get("account", ()))
    contact_ids = list(changed.get("contact", ()))
    if not (territories or account_ids or contact_ids):
        return  # a page of other records, or none (a sync with nothing new)
    elsewhere = _Elsewhere.load(session)
    # One indexed query for each kind of record picked (an OR of them reads every record).
    account_queries = []
    if account_ids and elsewhere.some_without_country:
        account_queries.append(
            select(Account).where(
                Account.id.in_(account_ids), Account.country.is_(None), elsewhere.no_country
            )
        )
    if territories:
        account_queries.append(
            select(Account).where(Account.territory_id.in_(territories), Account.country.is_(None))
        )
    owners = _renew_accounts(session, elsewhere.regions, account_queries)
    if account_ids:  # the contacts of pulled accounts read elsewhere, pulled or not
        owners.update(
            session.scalars(
                select(Account.id).where(Account.id.in_(account_ids), elsewhere.accounts)
            )
        )
    contact_queries = []
    if contact_ids:
        contact_queries.append(_CONTACTS.where(Contact.id.in_(contact_ids), elsewhere.accounts))
    if owners:
        contact_queries.append(_CONTACTS.where(Contact.account_id.in_(owners)))
    _renew_contacts(session, elsewhere.regions, contact_queries)


def refresh_loaded(session: Session) -> None:
    """After a whole territory was loaded with its indexes set aside (`bulk_load`), and they
    are built again: make again, in one pass, the keys of every record read in another region.
    Page by page (`refresh_pulled`), without the index of the contacts' accounts, finding them
    read every contact on every page."""
    elsewhere = _Elsewhere.load(session)
    if elsewhere.some_without_country:
        no_country = select(Account).where(Account.country.is_(None), elsewhere.no_country)
        _renew_accounts(session, elsewhere.regions, [no_country])
    _renew_contacts(session, elsewhere.regions, [_CONTACTS.where(elsewhere.accounts)])


def _renew_accounts(session: Session, regions: Regions, queries: list[Select[Account]]) -> set[str]:
    """Make the keys of the accounts the queries pick again; their ids."""
    from local_store.records import refresh_derived

    renewed: set[str] = set()
    for query in queries:
        for account in session.scalars(query.execution_options(populate_existing=True)):
            if account.id not in renewed:
                refresh_derived("account", account, regions.of_account(None, account.territory_id))
                renewed.add(account.id)
    return renewed


def _renew_contacts(
    session: Session, regions: Regions, queries: list[Select[Contact, str | None, str]]
) -> None:
    """Make the keys of the contacts the queries pick again, in their accounts' regions."""
    from local_store.records import refresh_derived

    done: set[str] = set()
    for query in queries:
        for contact, country, territory_id in session.execute(query):
            if contact.id not in done:
                refresh_derived("contact", contact, regions.of_account(country, territory_id))
                done.add(contact.id)
