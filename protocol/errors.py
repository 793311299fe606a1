"""The body of every 4xx answer."""

from __future__ import annotations

from protocol.model import StrictModel


class ErrorBody(StrictModel):
    """Every 4xx answer: a machine code, a sentence, and the field at fault where there is one."""

    error: str
    message: str
    field: str | None = None
