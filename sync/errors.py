"""What can go wrong in a sync, as outcomes the app turns into plain sentences."""

from __future__ import annotations

import enum


class Outcome(enum.Enum):
    OFFLINE = "offline"  # no connection, DNS failure, time-out
    SIGNED_OUT = "signed_out"  # no token, or the server refused it
    WRONG_PASSWORD = "wrong_password"
    SERVER_ERROR = "server_error"  # 5xx after retries
    REFUSED = "refused"  # 4xx: the server will not take this request as it is
    INCOMPATIBLE = "incompatible"  # an answer this client cannot read
    ACCOUNT_DISABLED = "account_disabled"  # IT disabled the user: the server takes nothing more
    PASSWORD_CHANGE_REQUIRED = "password_change_required"  # a one-time password: choose a new one


class SyncError(Exception):
    """A sync step that did not complete; `outcome` says which kind, the message the detail,
    `code` the server's error code where it gave one (`seq_gap`, …)."""

    def __init__(self, outcome: Outcome, detail: str, code: str | None = None) -> None:
        super().__init__(detail)
        self.outcome = outcome
        self.detail = detail
        self.code = code
