"""API errors: every 4xx and 5xx answer is a `protocol.ErrorBody`, never a traceback."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from protocol.errors import ErrorBody
from protocol.paths import PROTOCOL_SUPPORTED_HEADER, SUPPORTED_VERSIONS
from server.api_error import ApiError

logger = logging.getLogger(__name__)

_LOCATION_ROOTS = frozenset({"body", "query", "path", "header", "cookie"})


def error_response(
    status: int, body: ErrorBody, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(body.model_dump(mode="json"), status_code=status, headers=headers)


def _status_code_name(status: int) -> str:
    """`not_found` for 404 and so on."""
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        return "error"
    return phrase.lower().replace(" ", "_").replace("-", "_")


def field_of(location: Sequence[Any]) -> str | None:
    """`mutations.0.seq` for the location ("body", "mutations", 0, "seq")."""
    parts = list(location)
    if parts and parts[0] in _LOCATION_ROOTS:
        parts = parts[1:]
    return ".".join(str(part) for part in parts) or None


async def _on_api_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return error_response(exc.status, exc.body, exc.headers)


async def _on_validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors())
    first = errors[0] if errors else {}
    if first.get("type") == "json_invalid":
        body = ErrorBody(error="invalid", message="The request body is not valid JSON.")
    else:
        field = field_of(first.get("loc", ()))
        message = str(first.get("msg", "Invalid request."))
        if len(errors) > 1:
            message += f" (and {len(errors) - 1} more problems)"
        body = ErrorBody(error="invalid", message=message, field=field)
    return error_response(422, body)


async def _on_http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    body = ErrorBody(error=_status_code_name(exc.status_code), message=str(exc.detail))
    return error_response(exc.status_code, body, exc.headers)


async def _on_unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    logger.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    body = ErrorBody(error="internal", message="The server hit an unexpected error.")
    # Answered outside the middleware that labels every other response.
    return error_response(500, body, {PROTOCOL_SUPPORTED_HEADER: SUPPORTED_VERSIONS})


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ApiError, _on_api_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(HTTPException, _on_http_error)
    app.add_exception_handler(Exception, _on_unexpected_error)
