"""Webhook signatures as the Standard Webhooks specification describes them.

A secret is `whsec_` and the base64 of 24 random bytes. Each delivery carries the headers
`webhook-id` (the message's id, the same on every retry), `webhook-timestamp` (Unix seconds
of this attempt) and `webhook-signature`: `v1,` and the base64 of the HMAC-SHA256, keyed with
the secret's decoded bytes, of `{id}.{timestamp}.{body}`. A receiver recomputes it over the
raw body, compares in constant time, and refuses timestamps far from its own clock.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets

SECRET_PREFIX = "whsec_"
SECRET_BYTES = 24
SIGNATURE_VERSION = "v1"
ID_HEADER = "webhook-id"
TIMESTAMP_HEADER = "webhook-timestamp"
SIGNATURE_HEADER = "webhook-signature"
# A receiver refuses a timestamp further than this from its clock (the specification's advice).
TOLERANCE_S = 5 * 60


class SecretError(ValueError):
    """A secret given is not a `whsec_` key; the message says why."""


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def key_of(secret: str) -> bytes:
    """The HMAC key of a `whsec_…` secret (the prefix may be left out)."""
    encoded = secret.removeprefix(SECRET_PREFIX)
    try:
        key = base64.b64decode(encoded, validate=True)
    except binascii.Error as exc:
        raise SecretError("A webhook secret is whsec_ followed by base64.") from exc
    if not 24 <= len(key) <= 64:
        raise SecretError("A webhook secret must hold 24 to 64 bytes.")
    return key


def sign(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """The `webhook-signature` header's value for one delivery."""
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(key_of(secret), signed, hashlib.sha256).digest()
    return f"{SIGNATURE_VERSION},{base64.b64encode(digest).decode()}"


def headers(secret: str, message_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    return {
        ID_HEADER: message_id,
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: sign(secret, message_id, timestamp, body),
    }


def verify(secret: str, received: dict[str, str], body: bytes, now: float) -> bool:
    """Whether a delivery's headers (lower-case names) sign `body` with `secret` at a time
    within the tolerance of `now` (Unix seconds). What a receiver does; for tests and docs."""
    try:
        message_id = received[ID_HEADER]
        timestamp = int(received[TIMESTAMP_HEADER])
        signatures = received[SIGNATURE_HEADER].split()
    except (KeyError, ValueError):
        return False
    if abs(now - timestamp) > TOLERANCE_S:
        return False
    expected = sign(secret, message_id, timestamp, body)
    return any(hmac.compare_digest(expected, given) for given in signatures)
