"""The error a request ends with, raised from anywhere below a route. It is kept apart from
the web framework, which turns it into the answer (`server.errors`), because the modules that
raise it also run in the admin commands, which start without the web server."""

from __future__ import annotations

from collections.abc import Mapping

from protocol.errors import ErrorBody


class ApiError(Exception):
    """An answer other than success, raised from anywhere below a route."""

    def __init__(
        self,
        status: int,
        error: str,
        message: str,
        *,
        field: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.body = ErrorBody(error=error, message=message, field=field)
        self.headers = dict(headers or {})
