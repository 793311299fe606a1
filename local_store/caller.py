"""Which of the accounts a search found by a number's digits have that very number.

A number's digits may occur inside another country's number (Singapore's 6123 4567 is inside
the Dutch 06 12345678): of the accounts whose keys hold the digits, those whose own number or a
contact's is the typed number, read in the account's region as the server reads it
(`server.matching`), are the caller's.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from local_store.models import Account, Contact
from local_store.regions import Regions
from protocol import phones


def with_number(session: Session, phone: str, account_ids: list[str]) -> list[str]:
    """Those of `account_ids` (in their order) that have the number `phone`."""
    numbers: dict[str, list[str | None]] = defaultdict(list)
    for account_id, number in session.execute(
        select(Contact.account_id, Contact.phone).where(Contact.account_id.in_(account_ids))
    ):
        numbers[account_id].append(number)
    regions = Regions.load(session)
    found = set()
    accounts = select(Account.id, Account.phone, Account.country, Account.territory_id)
    for account_id, number, country, territory_id in session.execute(
        accounts.where(Account.id.in_(account_ids))
    ):
        region = regions.of_account(country, territory_id)
        key = phones.number_key(phone, region)
        if key is not None and any(
            phones.number_key(stored, region) == key for stored in [number, *numbers[account_id]]
        ):
            found.add(account_id)
    return [account_id for account_id in account_ids if account_id in found]
