"""The region a record's phone numbers are read in, on the client as on the server
(`server.regions`): the account's country, else its territory's region, else the server-wide
default the server named at sign-in. A contact's numbers are read in its account's region.

Pulled pages have their search keys made before they reach the replica (`sync.replica_side`),
from the record alone: an account in its own country, else in `DEFAULT_REGION`. `refresh_pulled`
then makes again, in the same transaction, the keys of the few records whose region the replica
knows to be another one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import or_, select
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


def refresh_pulled(session: Session, changed: Mapping[str, Iterable[str]]) -> None:
    """Make again the keys of pulled records (ids per entity) that are read in another region
    than `DEFAULT_REGION`, the one their keys were made in without a country: accounts without
    a country in a territory with another region (or all, when the server's default is
    another), the contacts of accounts read elsewhere, and the accounts of pulled territories.
    The database picks them, so a replica of one region's customers loads nothing twice."""
    from local_store.records import refresh_derived

    territories = list(changed.get("territory", ()))
    account_ids = list(changed.get("account", ()))
    contact_ids = list(changed.get("contact", ()))
    if not (territories or account_ids or contact_ids):
        return  # a page of other records, or none (a sync with nothing new)
    regions = Regions.load(session)
    elsewhere = [tid for tid, region in regions.territories.items() if region != DEFAULT_REGION]
    at_home = [tid for tid, region in regions.territories.items() if region == DEFAULT_REGION]
    if regions.default == DEFAULT_REGION:
        no_country_elsewhere = Account.territory_id.in_(elsewhere)
    else:
        no_country_elsewhere = Account.territory_id.not_in(at_home)
    read_elsewhere = or_(
        Account.country.is_(None) & no_country_elsewhere,
        Account.country.is_not(None) & (Account.country != DEFAULT_REGION),
    )
    # One indexed query for each kind of record picked (an OR of them reads every record).
    # Without a territory or default of another region, no account lacking a country is.
    some_elsewhere = bool(elsewhere) or regions.default != DEFAULT_REGION
    account_queries = []
    if account_ids and some_elsewhere:
        account_queries.append(
            select(Account).where(
                Account.id.in_(account_ids), Account.country.is_(None), no_country_elsewhere
            )
        )
    if territories:
        account_queries.append(
            select(Account).where(Account.territory_id.in_(territories), Account.country.is_(None))
        )
    renewed: set[str] = set()
    for query in account_queries:
        for account in session.scalars(query.execution_options(populate_existing=True)):
            if account.id not in renewed:
                refresh_derived("account", account, regions.of_account(None, account.territory_id))
                renewed.add(account.id)
    owners = set(renewed)
    if account_ids:  # the contacts of pulled accounts read elsewhere, pulled or not
        owners.update(
            session.scalars(select(Account.id).where(Account.id.in_(account_ids), read_elsewhere))
        )
    contacts = (
        select(Contact, Account.country, Account.territory_id)
        .join(Account, Account.id == Contact.account_id)
        .execution_options(populate_existing=True)
    )
    contact_queries = []
    if contact_ids:
        contact_queries.append(contacts.where(Contact.id.in_(contact_ids), read_elsewhere))
    if owners:
        contact_queries.append(contacts.where(Contact.account_id.in_(owners)))
    done: set[str] = set()
    for contacts_picked in contact_queries:
        for contact, country, territory_id in session.execute(contacts_picked):
            if contact.id not in done:
                refresh_derived("contact", contact, regions.of_account(country, territory_id))
                done.add(contact.id)
