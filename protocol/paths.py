"""URL paths, headers and limits both sides keep."""

from __future__ import annotations

# The client sends its major protocol version in PROTOCOL_HEADER; the server answers every
# response with the range it supports ("1-1") in PROTOCOL_SUPPORTED_HEADER and refuses other
# majors with 426 and error "protocol_version".
PROTOCOL_VERSION = 1
MIN_PROTOCOL_VERSION = 1
PROTOCOL_HEADER = "Fieldbook-Protocol"
PROTOCOL_SUPPORTED_HEADER = "Fieldbook-Protocol-Supported"
SUPPORTED_VERSIONS = f"{MIN_PROTOCOL_VERSION}-{PROTOCOL_VERSION}"
API_PREFIX = "/v1"
# Answers 200 without a token while the server runs: a cheap way to learn it is reachable.
HEALTH_PATH = "/healthz"

PUSH_PATH = f"{API_PREFIX}/sync/push"
PULL_PATH = f"{API_PREFIX}/sync/pull"
# A pull page followed by more names the next page's cursor in this header too, so a client can
# ask for that page before it has read this one (the body's `cursor` is the same number).
# Servers before it left it out; a client then reads the page to learn the cursor.
PULL_NEXT_CURSOR_HEADER = "Fieldbook-Next-Cursor"
WAIT_PATH = f"{API_PREFIX}/sync/wait"
COUNTS_PATH = f"{API_PREFIX}/sync/counts"
# Values merges and deletes set aside, for every member of the record's territory to see.
CONFLICTS_PATH = f"{API_PREFIX}/sync/conflicts"
TOKEN_PATH = f"{API_PREFIX}/auth/token"
REFRESH_PATH = f"{API_PREFIX}/auth/refresh"
# A new password for a user who knows the current one (a one-time password from IT, or their own).
PASSWORD_PATH = f"{API_PREFIX}/auth/password"
SIGNOUT_PATH = f"{API_PREFIX}/auth/signout"
ME_PATH = f"{API_PREFIX}/me"
# User administration: the list, and one user by name below it (`/{name}`, `/{name}/disable` …).
ADMIN_USERS_PATH = f"{API_PREFIX}/admin/users"
REPORT_CODES_PATH = f"{API_PREFIX}/reports/codes"
REPORT_ACTIVITIES_PATH = f"{API_PREFIX}/reports/codes/activities"

# The server's default request body limit; the client splits pushes to stay below it.
MAX_REQUEST_BYTES = 4 * 1024 * 1024
# Sequence numbers, versions and cursors are 64-bit signed integers in the database.
MAX_POSITION = 2**63 - 1
MAX_PUSH_BATCH = 500
MAX_PULL_PAGE = 5000
DEFAULT_PULL_PAGE = 1000
MAX_CONFLICTS_PAGE = 1000
# Conflict ids are 32-bit on the server; an `after` beyond them is refused, not an error.
MAX_CONFLICT_ID = 2**31 - 1
MAX_WAIT_SECONDS = 60
DEFAULT_WAIT_SECONDS = 25
MAX_TEXT = 2000
# The most activities one drill-down answer lists (`ReportActivities`).
MAX_REPORT_ACTIVITIES = 500
# A JSON field the server takes (an activity's answers, a code set's codes, a process version's
# steps): at most this many bytes as compact UTF-8 JSON, nested at most this deep. Every client
# must be able to read every record it is sent: the client's JSON parsers give up far deeper
# (pydantic's at about 200 levels for a whole pull page, orjson's at 255 when writing the
# replica), and a page whose records are this small stays a few megabytes.
MAX_JSON_BYTES = 256 * 1024
MAX_JSON_DEPTH = 32
