"""HTTP transport to the server: time-outs, retries with backoff, tokens, error mapping.

The access token is short-lived. When the server refuses it (401), the transport exchanges the
refresh token for a new pair once and repeats the call; `on_new_tokens` hears of every new pair,
so the app can keep the new refresh token (the old one is spent). Only a refresh that fails
makes a call fail as signed out.

A session opened offline (`sign_in_later`) holds the user's name and password in memory until
the server answers: the first call signs in with them, and they are forgotten once the server
has accepted or refused them.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import requests
from pydantic import BaseModel, ValidationError
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from local_store.quarantine import SetAside
from protocol.auth import PasswordChangeRequest, RefreshRequest, TokenRequest, TokenResponse
from protocol.paths import (
    CONFLICTS_PATH,
    COUNTS_PATH,
    HEALTH_PATH,
    MAX_REQUEST_BYTES,
    PASSWORD_PATH,
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    PULL_NEXT_CURSOR_HEADER,
    PULL_PATH,
    PUSH_PATH,
    REFRESH_PATH,
    REPORT_ACTIVITIES_PATH,
    REPORT_CODES_PATH,
    SIGNOUT_PATH,
    TOKEN_PATH,
    WAIT_PATH,
)
from protocol.reports import CodeReport, ReportActivities, ReportParams
from protocol.snapshots import SNAPSHOT_FILE_PATH, SNAPSHOT_PATH, SnapshotOffer
from protocol.sync import (
    ConflictsResponse,
    CountsResponse,
    Mutation,
    PullResponse,
    PushRequest,
    PushResponse,
    WaitResponse,
)
from sync.errors import Outcome, SyncError
from sync.reading import read_page

log = logging.getLogger(__name__)
Answer = TypeVar("Answer", bound=BaseModel)
Read = TypeVar("Read")

CONNECT_TIMEOUT_S = 5.0
READ_TIMEOUT_S = 60.0
PROBE_TIMEOUT_S = 3.0
_JSON = {"Content-Type": "application/json"}


def _retrying_session(retries: int, backoff: float, *, replay: bool) -> requests.Session:
    """A session retrying failed connections, and with `replay` also lost answers and busy
    servers (502–504): pushes and pulls are replay-safe, sign-in calls are not (a refresh
    token sent twice ends the session)."""
    again = retries if replay else 0
    retry = Retry(
        total=retries,
        connect=retries,
        read=again,
        status=again,
        other=again,
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
    """Talks to one server. Every failure comes out as a SyncError with an Outcome.

    `token` is the access token, `refresh_token` the one that renews it; with only a refresh
    token (a resumed session) the first call renews first, and with neither but a password given
    to `sign_in_later` (a session opened offline) it signs in first.
    """

    def __init__(
        self,
        base_url: str,
        *,
        retries: int = 3,
        backoff: float = 0.3,
        on_new_tokens: Callable[[TokenResponse], None] | None = None,
        max_request_bytes: int = MAX_REQUEST_BYTES,
        proxy_url: str = "",
        ca_bundle: str = "",
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token: str | None = None
        self.refresh_token: str | None = None
        self.on_new_tokens = on_new_tokens or (lambda _answer: None)
        self.max_request_bytes = max_request_bytes
        self._http = _retrying_session(retries, backoff, replay=True)
        self._sign_in_http = _retrying_session(retries, backoff, replay=False)
        self._probe_http = _retrying_session(0, 0, replay=False)
        self._renewing = threading.Lock()  # one refresh at a time; others use its result
        self._later: tuple[str, str] | None = None  # (user, password) of `sign_in_later`
        self._refused = False  # the server refused the password of `sign_in_later`
        # Per request, so IT's ProxyUrl and CaBundle policies beat the environment's.
        self._network: dict[str, Any] = {}
        if proxy_url:
            self._network["proxies"] = {"http": proxy_url, "https": proxy_url}
        if ca_bundle:
            self._network["verify"] = ca_bundle

    def sign_in(self, username: str, password: str) -> TokenResponse:
        body = TokenRequest(username=username, password=password)
        response = self._send_unsigned(TOKEN_PATH, body, refused=Outcome.WRONG_PASSWORD)
        answer = _parsed(response, TokenResponse)
        self._take(answer)
        return answer

    def sign_in_later(self, username: str, password: str) -> None:
        """Sign in with these at the first call that reaches the server (`on_new_tokens`
        hears of the tokens); until then they stay in this object only."""
        self._later = (username, password)

    def change_password(self, username: str, password: str, new_password: str) -> TokenResponse:
        """Choose a new password (the current one, or a one-time one, given); signs in."""
        body = PasswordChangeRequest(
            username=username, password=password, new_password=new_password
        )
        response = self._send_unsigned(PASSWORD_PATH, body, refused=Outcome.WRONG_PASSWORD)
        answer = _parsed(response, TokenResponse)
        self._take(answer)
        self.on_new_tokens(answer)
        return answer

    def sign_out(self) -> None:
        """End the session on the server and forget its tokens here."""
        refresh_token, self.token, self.refresh_token = self.refresh_token, None, None
        if refresh_token:
            body = RefreshRequest(refresh_token=refresh_token)
            self._send_unsigned(SIGNOUT_PATH, body, refused=Outcome.SIGNED_OUT)

    def push(self, request: PushRequest) -> PushResponse:
        """Push `request`, in several calls when its body would be larger than the server
        takes; mutations keep their order, and the results come back as one answer."""
        results = []
        for part in _parts(request, self.max_request_bytes):
            body = part.model_dump_json().encode()
            answer = self._call("POST", PUSH_PATH, PushResponse, data=body, headers=_JSON)
            results += answer.results
        return PushResponse(results=results)

    def pull(self, cursor: int, limit: int) -> PullResponse:
        return self.start_pull(cursor, limit).page()

    def start_pull(self, cursor: int, limit: int) -> StartedPull:
        """Ask for the page after `cursor` and return once its answer begins (the body is
        read by `StartedPull.page`), naming the cursor of the page after it if the server did."""
        params = {"cursor": cursor, "limit": limit}
        response = self._answer("GET", PULL_PATH, params=params, stream=True)
        return StartedPull(response)

    def wait(self, cursor: int, timeout: float) -> WaitResponse:
        params = {"cursor": cursor, "timeout": timeout}
        return self._call("GET", WAIT_PATH, WaitResponse, params=params)

    def reachable(self) -> bool:
        """Whether the server answers now: one quick call without a token or retries."""
        try:
            response = self._probe_http.get(
                self.base_url + HEALTH_PATH, timeout=PROBE_TIMEOUT_S, **self._network
            )
        except requests.RequestException:
            return False
        response.close()
        return response.ok

    def counts(self) -> CountsResponse:
        return self._call("GET", COUNTS_PATH, CountsResponse)

    def conflicts(self, after: int) -> ConflictsResponse:
        """The values the server set aside after conflict id `after` that this user sees."""
        return self._call("GET", CONFLICTS_PATH, ConflictsResponse, params={"after": after})

    def snapshot_offer(self, schema: str, keys: int) -> SnapshotOffer | None:
        """The territory snapshot that fits this user's scope, this client's replica schema
        revision `schema` and search-key version `keys`; None when the server has none (404,
        or any refusal: an older server, snapshots switched off, none built yet)."""
        params = {"schema": schema, "keys": keys}
        try:
            return self._call("GET", SNAPSHOT_PATH, SnapshotOffer, params=params)
        except SyncError as refused:
            if refused.outcome is not Outcome.REFUSED:
                raise
            log.info("no snapshot offered: %s", refused.detail)
            return None

    def snapshot_file(self, snapshot_id: str, start: int) -> SnapshotBody:
        """The bytes of a snapshot's file from `start` on (`Range: bytes=START-`), as they
        arrive. Asked for without compression on the way: the file is compressed already, and a
        range of a recompressed answer would name other bytes."""
        headers = {"Accept-Encoding": "identity"}
        if start:
            headers["Range"] = f"bytes={start}-"
        path = SNAPSHOT_FILE_PATH.format(snapshot_id=snapshot_id)
        return SnapshotBody(self._answer("GET", path, stream=True, headers=headers))

    def code_report(self, params: ReportParams) -> CodeReport:
        """A team report (managers and admins only; others are REFUSED)."""
        return self._call("GET", REPORT_CODES_PATH, CodeReport, params=params.query())

    def report_activities(self, params: ReportParams, code: str, limit: int) -> ReportActivities:
        """The activities behind one code of a team report, newest first."""
        query = params.query() | {"code": code, "limit": limit}
        return self._call("GET", REPORT_ACTIVITIES_PATH, ReportActivities, params=query)

    def _call(self, method: str, path: str, answer: type[Answer], **kwargs: Any) -> Answer:
        return _parsed(self._answer(method, path, **kwargs), answer)

    def _answer(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        """A successful answer to a call with the access token, renewed once if the server
        refuses it."""
        token = self._access_token()
        response = self._send(self._http, method, path, token, **kwargs)
        if response.status_code == 401 and self.refresh_token:
            response.close()
            self._renew(spent=token)
            response = self._send(self._http, method, path, self._access_token(), **kwargs)
        if response.status_code >= 400:
            raise _refusal(response, refused=Outcome.SIGNED_OUT)
        return response

    def _access_token(self) -> str:
        with self._renewing:
            if self.token is None and self.refresh_token:
                self._refresh()
            elif self.token is None and self._later is not None:
                self._sign_in_now(*self._later)
        if self.token is None:
            # Every call says the password was refused until the user signs in again.
            refused = Outcome.WRONG_PASSWORD if self._refused else Outcome.SIGNED_OUT
            raise SyncError(refused, "not signed in")
        return self.token

    def _renew(self, spent: str) -> None:
        """Refresh, unless another thread already replaced the `spent` access token."""
        with self._renewing:
            if self.token == spent:
                self._refresh()

    def _refresh(self) -> None:
        body = RefreshRequest(refresh_token=self.refresh_token or "")
        try:
            response = self._send_unsigned(REFRESH_PATH, body, refused=Outcome.SIGNED_OUT)
        except SyncError as failed:
            if failed.outcome is Outcome.SIGNED_OUT:  # the session is over
                self.token = self.refresh_token = None
            raise
        answer = _parsed(response, TokenResponse)
        self._take(answer)
        self.on_new_tokens(answer)

    def _sign_in_now(self, username: str, password: str) -> None:
        """The sign-in of `sign_in_later`, now that a call is made: the password is forgotten
        once the server accepted or refused it; kept while the server cannot be reached or fails."""
        try:
            answer = self.sign_in(username, password)
        except SyncError as failed:
            if failed.outcome not in (Outcome.OFFLINE, Outcome.SERVER_ERROR):
                self._later = None
                self._refused = failed.outcome is Outcome.WRONG_PASSWORD
            raise
        self._later = None
        self.on_new_tokens(answer)

    def _take(self, answer: TokenResponse) -> None:
        self._refused = False
        self.token = answer.access_token
        self.refresh_token = answer.refresh_token

    def _send_unsigned(self, path: str, body: BaseModel, *, refused: Outcome) -> requests.Response:
        """A call of the sign-in family (no access token); a 401 comes out as `refused`."""
        data = body.model_dump_json().encode()
        response = self._send(self._sign_in_http, "POST", path, None, data=data, headers=_JSON)
        if response.status_code >= 400:
            raise _refusal(response, refused=refused)
        return response

    def _send(
        self,
        http: requests.Session,
        method: str,
        path: str,
        token: str | None,
        *,
        headers: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> requests.Response:
        headers = dict(headers or {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        url = self.base_url + path
        try:
            return http.request(
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


class StartedPull:
    """A pull answer whose body has not been read yet."""

    def __init__(self, response: requests.Response) -> None:
        self._response = response
        named = response.headers.get(PULL_NEXT_CURSOR_HEADER)
        # The cursor of the page after this one, when the server named it (None: this is the
        # last page, or the server is older and the page itself tells).
        self.next_cursor = int(named) if named and named.isdigit() else None

    def page(self) -> PullResponse:
        """The page, read and checked whole."""
        return self._read(PullResponse.model_validate_json)

    def read(self) -> tuple[PullResponse, list[SetAside]]:
        """The page with the changes this client can read, and apart from it those it cannot,
        to be set aside (`sync.reading`)."""
        return self._read(read_page)

    def _read(self, read: Callable[[bytes], Read]) -> Read:
        try:
            return read(self._response.content)
        except ValidationError as exc:
            log.error("unreadable answer from %s: %s", self._response.url, exc)
            message = f"unreadable answer from {self._response.url}"
            raise SyncError(Outcome.INCOMPATIBLE, message) from exc
        except requests.RequestException as exc:  # the connection broke while reading
            log.info("reading a pull answer failed: %s", exc)
            raise SyncError(Outcome.OFFLINE, str(exc)) from exc
        finally:
            self._response.close()


class SnapshotBody:
    """A snapshot file's answer whose body has not been read yet."""

    CHUNK = 1 << 20

    def __init__(self, response: requests.Response) -> None:
        self._response = response
        # Where the body begins in the file: the range's first byte on a 206, else 0 (a server
        # that ignored the range sends the whole file).
        self.start = 0
        if response.status_code == 206:
            named = response.headers.get("Content-Range", "")  # "bytes START-END/SIZE"
            first = named.removeprefix("bytes ").split("-", 1)[0]
            if not first.isdigit():
                response.close()
                raise SyncError(Outcome.INCOMPATIBLE, f"a range answer without its range: {named}")
            self.start = int(first)

    def chunks(self) -> Iterator[bytes]:
        """The body's bytes as they arrive; a broken connection is an OFFLINE SyncError."""
        try:
            yield from self._response.iter_content(self.CHUNK)
        except requests.RequestException as exc:
            log.info("the snapshot download broke off: %s", exc)
            raise SyncError(Outcome.OFFLINE, str(exc)) from exc
        finally:
            self._response.close()

    def close(self) -> None:
        self._response.close()


def _parts(request: PushRequest, max_bytes: int) -> list[PushRequest]:
    """`request` cut into consecutive requests whose JSON bodies stay within `max_bytes`
    (a single mutation larger than that goes alone)."""
    envelope = len(PushRequest(client_id=request.client_id, mutations=[]).model_dump_json())
    parts: list[list[Mutation]] = [[]]
    size = envelope
    for mutation in request.mutations:
        extra = len(mutation.model_dump_json().encode()) + 1  # and a comma
        if parts[-1] and size + extra > max_bytes:
            parts.append([])
            size = envelope
        parts[-1].append(mutation)
        size += extra
    return [PushRequest(client_id=request.client_id, mutations=part) for part in parts]


def _parsed(response: requests.Response, answer: type[Answer]) -> Answer:
    try:
        return answer.model_validate_json(response.content)
    except ValidationError as exc:
        log.error("unreadable answer from %s: %s", response.url, exc)
        raise SyncError(Outcome.INCOMPATIBLE, f"unreadable answer from {response.url}") from exc


# The 403 answers a client acts on, by their error code.
_FORBIDDEN_OUTCOMES = {
    "account_disabled": Outcome.ACCOUNT_DISABLED,
    "password_change_required": Outcome.PASSWORD_CHANGE_REQUIRED,
}


def _refusal(response: requests.Response, *, refused: Outcome) -> SyncError:
    """The error for an answer of 400 or more; `refused` is the outcome of a 401."""
    detail = f"{response.status_code} {response.text[:500]}"
    log.warning("%s %s answered %s", response.request.method, response.url, detail)
    if response.status_code == 401:
        return SyncError(refused, detail)
    if response.status_code == 403 and _error_code(response) in _FORBIDDEN_OUTCOMES:
        return SyncError(_FORBIDDEN_OUTCOMES[str(_error_code(response))], detail)
    if response.status_code == 426:  # the server speaks another protocol version
        return SyncError(Outcome.INCOMPATIBLE, detail)
    if response.status_code >= 500:
        return SyncError(Outcome.SERVER_ERROR, detail)
    return SyncError(Outcome.REFUSED, detail, code=_error_code(response))


def _error_code(response: requests.Response) -> str | None:
    """The `error` of an ErrorBody answer, if it is one."""
    try:
        body = response.json()
    except ValueError:
        return None
    code = body.get("error") if isinstance(body, dict) else None
    return code if isinstance(code, str) else None
