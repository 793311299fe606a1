"""HTTP transport to the server: time-outs, retries with backoff, auth header, error mapping."""

from __future__ import annotations

import logging
from typing import Any, TypeVar

import requests
from pydantic import BaseModel, ValidationError
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from sync.errors import Outcome, SyncError
from sync.protocol import (
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    PULL_PATH,
    PUSH_PATH,
    TOKEN_PATH,
    PullResponse,
    PushRequest,
    PushResponse,
    TokenRequest,
    TokenResponse,
)

log = logging.getLogger(__name__)
Answer = TypeVar("Answer", bound=BaseModel)

CONNECT_TIMEOUT_S = 5.0
READ_TIMEOUT_S = 60.0


def _retrying_session(retries: int, backoff: float) -> requests.Session:
    # POST is retried too: a push is replay-safe by its per-client sequence numbers.
    retry = Retry(
        total=retries,
        connect=retries,
        read=retries,
        status=retries,
        backoff_factor=backoff,
        status_forcelist=(502, 503, 504),
        allowed_methods=frozenset({"GET", "POST"}),
        raise_on_status=False,
    )
    session = requests.Session()
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers[PROTOCOL_HEADER] = str(PROTOCOL_VERSION)
    return session


class Transport:
    """Talks to one server. Every failure comes out as a SyncError with an Outcome."""

    def __init__(
        self,
        base_url: str,
        *,
        retries: int = 3,
        backoff: float = 0.3,
        proxy_url: str = "",
        ca_bundle: str = "",
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token: str | None = None
        self._http = _retrying_session(retries, backoff)
        # Per request, so IT's ProxyUrl and CaBundle policies beat the environment's.
        self._network: dict[str, Any] = {}
        if proxy_url:
            self._network["proxies"] = {"http": proxy_url, "https": proxy_url}
        if ca_bundle:
            self._network["verify"] = ca_bundle

    def sign_in(self, username: str, password: str) -> TokenResponse:
        body = TokenRequest(username=username, password=password)
        answer = self._call("POST", TOKEN_PATH, TokenResponse, json=body.model_dump(), auth=False)
        self.token = answer.access_token
        return answer

    def push(self, request: PushRequest) -> PushResponse:
        return self._call("POST", PUSH_PATH, PushResponse, json=request.model_dump(mode="json"))

    def pull(self, cursor: int, limit: int) -> PullResponse:
        params = {"cursor": cursor, "limit": limit}
        return self._call("GET", PULL_PATH, PullResponse, params=params)

    def _call(
        self, method: str, path: str, answer: type[Answer], *, auth: bool = True, **kwargs: Any
    ) -> Answer:
        headers = {}
        if auth:
            if not self.token:
                raise SyncError(Outcome.SIGNED_OUT, "not signed in")
            headers["Authorization"] = f"Bearer {self.token}"
        url = self.base_url + path
        try:
            response = self._http.request(
                method,
                url,
                headers=headers,
                timeout=(CONNECT_TIMEOUT_S, READ_TIMEOUT_S),
                **self._network,
                **kwargs,
            )
        except requests.RequestException as exc:
            log.info("%s %s failed: %s", method, url, exc)
            raise SyncError(Outcome.OFFLINE, str(exc)) from exc
        if response.status_code >= 400:
            raise _refusal(response, auth=auth)
        try:
            return answer.model_validate_json(response.content)
        except ValidationError as exc:
            log.error("unreadable answer from %s: %s", url, exc)
            raise SyncError(Outcome.INCOMPATIBLE, f"unreadable answer from {path}") from exc


def _refusal(response: requests.Response, *, auth: bool) -> SyncError:
    detail = f"{response.status_code} {response.text[:500]}"
    log.warning("%s %s answered %s", response.request.method, response.url, detail)
    if response.status_code == 401:
        return SyncError(Outcome.SIGNED_OUT if auth else Outcome.WRONG_PASSWORD, detail)
    if response.status_code >= 500:
        return SyncError(Outcome.SERVER_ERROR, detail)
    return SyncError(Outcome.REFUSED, detail)
