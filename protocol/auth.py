"""Sign-in messages: tokens, refresh and the signed-in user."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field

from protocol.entities import PlainText, Role
from protocol.model import StrictModel
from protocol.phones import DEFAULT_REGION


class TokenRequest(StrictModel):
    username: PlainText = Field(min_length=1, max_length=64)
    password: PlainText = Field(min_length=1, max_length=1024)


# The fewest characters a password chosen in Fieldbook may have.
MIN_NEW_PASSWORD = 8


class PasswordChangeRequest(StrictModel):
    """A new password, with the current one (a one-time password counts). The answer is a new
    signed-in session, as for `TokenRequest`."""

    username: PlainText = Field(min_length=1, max_length=64)
    password: PlainText = Field(min_length=1, max_length=1024)
    new_password: PlainText = Field(min_length=MIN_NEW_PASSWORD, max_length=1024)


SessionToken = Annotated[str, Field(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9_-]+$")]


class RefreshRequest(StrictModel):
    """The refresh token of a signed-in session: to rotate it (refresh) or end it (sign-out)."""

    refresh_token: SessionToken


class UserInfo(StrictModel):
    """The signed-in user; `territories` holds territory record ids."""

    id: str
    name: str
    display_name: str
    role: Role
    territories: list[str]
    # The server-wide region phone numbers in national form are read in when neither their
    # account's country nor its territory's region says another (an ISO 3166 code).
    default_region: str = DEFAULT_REGION


class TokenResponse(StrictModel):
    """A signed-in session: a short-lived access token for every call and a longer-lived
    refresh token, good for one refresh only (each refresh answers a new pair)."""

    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_at: dt.datetime
    refresh_token: str
    refresh_expires_at: dt.datetime
    user: UserInfo
