from __future__ import annotations

import keyring
from keyring.backends import fail

from sync.credentials import TokenStore


def test_tokens_live_in_the_keyring(isolated_profile):
    store = TokenStore()
    store.save("https://crm.example.com/", "alice", "tok")
    assert isolated_profile.secrets == {("Fieldbook:https://crm.example.com", "alice"): "tok"}
    assert TokenStore().load("https://crm.example.com", "alice") == "tok"
    store.delete("https://crm.example.com", "alice")
    assert store.load("https://crm.example.com", "alice") is None
    store.delete("https://crm.example.com", "alice")  # deleting twice is fine


def test_without_a_keyring_the_token_stays_in_memory_and_never_on_disk(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    keyring.set_keyring(fail.Keyring())
    store = TokenStore()
    store.save("https://crm.example.com", "alice", "tok-secret")
    assert store.load("https://crm.example.com", "alice") == "tok-secret"
    assert TokenStore().load("https://crm.example.com", "alice") is None  # a new process
    written = [p for p in tmp_path.rglob("*") if p.is_file() and b"tok-secret" in p.read_bytes()]
    assert written == []
