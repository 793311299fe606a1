"""Webhook signatures as the Standard Webhooks specification describes them."""

from __future__ import annotations

import base64

import pytest

from server import webhook_signing
from server.webhook_signing import SecretError, headers, key_of, new_secret, sign, verify

# The specification's own example (its reference libraries test against it).
SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
SPEC_TIMESTAMP = 1614265330
SPEC_BODY = b'{"test": 2432232314}'
SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


def test_the_signature_of_the_specifications_example_is_the_specifications() -> None:
    assert sign(SPEC_SECRET, SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY) == SPEC_SIGNATURE
    assert sign(SPEC_SECRET.removeprefix("whsec_"), SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY) == (
        SPEC_SIGNATURE
    )


def test_a_receiver_verifies_a_delivery_and_refuses_a_changed_one() -> None:
    sent = headers(SPEC_SECRET, SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY)
    assert sent == {
        "webhook-id": SPEC_ID,
        "webhook-timestamp": str(SPEC_TIMESTAMP),
        "webhook-signature": SPEC_SIGNATURE,
    }
    assert verify(SPEC_SECRET, sent, SPEC_BODY, now=SPEC_TIMESTAMP + 10)
    assert not verify(SPEC_SECRET, sent, b'{"test": 2432232315}', now=SPEC_TIMESTAMP)
    assert not verify(new_secret(), sent, SPEC_BODY, now=SPEC_TIMESTAMP)
    assert not verify(SPEC_SECRET, sent | {"webhook-id": "msg_other"}, SPEC_BODY, SPEC_TIMESTAMP)
    too_late = SPEC_TIMESTAMP + webhook_signing.TOLERANCE_S + 1
    assert not verify(SPEC_SECRET, sent, SPEC_BODY, now=too_late)
    several = sent | {"webhook-signature": "v1,bm90IGl0 " + SPEC_SIGNATURE}
    assert verify(SPEC_SECRET, several, SPEC_BODY, now=SPEC_TIMESTAMP)


def test_a_new_secret_is_whsec_and_24_random_bytes() -> None:
    first, second = new_secret(), new_secret()
    assert first.startswith("whsec_") and first != second
    assert len(base64.b64decode(first.removeprefix("whsec_"))) == 24


@pytest.mark.parametrize("secret", ["whsec_not base64!", "whsec_c2hvcnQ=", ""])
def test_a_secret_that_is_no_key_is_refused_with_a_sentence(secret: str) -> None:
    with pytest.raises(SecretError, match="webhook secret"):
        key_of(secret)
