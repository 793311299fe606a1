"""The user administration API: what IT and managers see of a user, and what they send."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from protocol.entities import PlainText, Role
from protocol.model import StrictModel

TerritoryKey = PlainText


class AdminUser(StrictModel):
    """A user as an administrator sees them; `territories` are territory keys."""

    name: str
    display_name: str
    role: Role
    territories: list[str]
    email: str | None
    last_sign_in_at: dt.datetime | None
    disabled: bool
    removed: bool
    must_change_password: bool


class NewUserRequest(StrictModel):
    """A user to add; they get a one-time password, changed at the first sign-in."""

    name: PlainText = Field(min_length=1, max_length=64)
    role: Role
    territories: list[TerritoryKey] = Field(min_length=1, max_length=100)
    display_name: PlainText | None = Field(default=None, max_length=200)
    email: PlainText | None = Field(default=None, max_length=254)


class RoleChange(StrictModel):
    role: Role


class OneTimePassword(StrictModel):
    """A password that signs in once, to choose a new one (`PASSWORD_PATH`)."""

    name: str
    one_time_password: str


class Removal(StrictModel):
    """How many accounts and tasks went to `reassigned_to`."""

    name: str
    reassigned_to: str
    handed_over: int
