"""Sign-in against a real server: the address preset (read-only when IT locked it), "stay signed
in" only where allowed, plain words for a wrong password; sign-out forgets the token and, if
asked, the data on this computer."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from sqlalchemy import Engine

from app import session as app_session
from app import sync_service
from app.offline import verifier_path
from app.paths import replica_path
from app.policies import JsonFilePolicies
from app.session import sign_out
from app.settings import Settings
from app.workspace import Workspace
from protocol.paths import PULL_PATH, TOKEN_PATH
from server import auth, feed, user_admin
from server.database import make_sessions
from sync.credentials import TokenStore
from sync.transport import Transport
from tests.support.http_proxy import forwarding_proxy
from tests.support.live_server import ServerAddress
from tests.unit.sync.conftest import PASSWORD
from ui.change_password import ChangePasswordDialog
from ui.launch import GuiSession
from ui.settings_dialog import SettingsDialog
from ui.sign_in import SignInDialog


class Policies:
    def __init__(self, managed: Mapping[str, Any]) -> None:
        self._managed = managed

    def managed(self) -> Mapping[str, Any]:
        return self._managed

    def recommended(self) -> Mapping[str, Any]:
        return {}


def _dialog(qtbot, settings: Settings, tmp_path: Path) -> SignInDialog:
    dialog = SignInDialog(settings, TokenStore(), tmp_path / "data", "en")
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _sign_in_as_alice(qtbot, dialog: SignInDialog) -> Workspace:
    dialog.user.setText("alice")
    dialog.password.setText(PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        dialog.on_sign_in()
    assert dialog.workspace is not None and dialog.workspace.me.name == "alice"
    return dialog.workspace


def test_signing_in_stays_signed_in_through_the_keyring(
    qtbot, tmp_path: Path, server_url: str
) -> None:
    settings = Settings()
    settings.set("ServerUrl", server_url)
    dialog = _dialog(qtbot, settings, tmp_path)
    assert dialog.server.text() == server_url
    assert not dialog.server.isReadOnly()
    assert dialog.stay.isVisible() and dialog.stay.isChecked()
    assert not dialog.no_keyring.isVisible()
    workspace = _sign_in_as_alice(qtbot, dialog)
    tokens = TokenStore()
    assert tokens.load(server_url, "alice") is not None
    assert Settings().get("UserName") == "alice"

    sign_out(workspace, tokens, wipe_local_data=True)
    assert tokens.load(server_url, "alice") is None
    assert not workspace.replica.path.exists()


def test_a_locked_address_is_read_only_and_saving_may_be_forbidden(
    qtbot, tmp_path: Path, server_url: str
) -> None:
    settings = Settings(policies=Policies({"ServerUrl": server_url, "AllowPasswordSaving": False}))
    dialog = _dialog(qtbot, settings, tmp_path)
    assert dialog.server.isReadOnly()
    assert dialog.server.text() == server_url
    assert not dialog.stay.isVisible()
    workspace = _sign_in_as_alice(qtbot, dialog)
    assert TokenStore().load(server_url, "alice") is None  # signed in for this run only
    workspace.close()


def _try_password(qtbot, dialog: SignInDialog, password: str) -> None:
    dialog.password.setText(password)
    dialog.on_sign_in()
    qtbot.waitUntil(dialog.buttons.isEnabled, timeout=20_000)


def test_a_restart_offline_without_a_keyring_signs_in_with_the_password(
    qtbot, tmp_path: Path, server_engine: Engine, no_keyring: None
) -> None:
    server = ServerAddress(server_engine)
    settings = Settings()
    settings.set("ServerUrl", server.url)
    with server.up():
        dialog = _dialog(qtbot, settings, tmp_path)
        assert dialog.no_keyring.isVisible() and not dialog.stay.isEnabled()
        assert "no keyring" in dialog.no_keyring.text()
        _sign_in_as_alice(qtbot, dialog).close()

    # The next start, with the server out of reach and no session kept anywhere.
    dialog = _dialog(qtbot, settings, tmp_path)
    assert dialog.user.text() == "alice"
    _try_password(qtbot, dialog, "not it")
    assert dialog.problem_label.text() == "The user name or password is wrong. Please try again."
    dialog.password.setText(PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        dialog.on_sign_in()
    assert dialog.workspace is not None and dialog.workspace.me.name == "alice"
    dialog.workspace.close()


@pytest.mark.parametrize(
    ("policy", "sentence"),
    [
        ({"AllowOfflineSignIn": False}, "does not allow signing in without it"),
        ({"MaxOfflineDays": 2}, "not reached the server for more than 2 days"),
    ],
)
def test_it_policies_on_offline_sign_in_are_said_in_a_sentence(
    qtbot, tmp_path: Path, server_engine: Engine, policy: dict[str, Any], sentence: str
) -> None:
    server = ServerAddress(server_engine)
    with server.up():
        dialog = _dialog(qtbot, Settings(policies=Policies({"ServerUrl": server.url})), tmp_path)
        _sign_in_as_alice(qtbot, dialog).close()
    replica = replica_path(tmp_path / "data", server.url, "alice")
    three_days_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=3)
    document = json.loads(verifier_path(replica).read_text("utf-8"))
    document["server_accepted_at"] = three_days_ago.isoformat()
    verifier_path(replica).write_text(json.dumps(document), "utf-8")

    managed = Policies({"ServerUrl": server.url} | policy)
    dialog = _dialog(qtbot, Settings(policies=managed), tmp_path)
    dialog.user.setText("alice")
    _try_password(qtbot, dialog, PASSWORD)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert sentence in dialog.problem_label.text()


def test_a_wrong_password_is_said_plainly(qtbot, tmp_path: Path, server_url: str) -> None:
    settings = Settings()
    settings.set("ServerUrl", server_url)
    dialog = _dialog(qtbot, settings, tmp_path)
    dialog.user.setText("alice")
    dialog.password.setText("not it")
    dialog.on_sign_in()
    qtbot.waitUntil(dialog.buttons.isEnabled, timeout=20_000)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.problem_label.text() == "The user name or password is wrong. Please try again."


@pytest.mark.parametrize("wipe", [False, True])
def test_sign_out_from_the_settings(
    qtbot, workspace, wipe: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: QMessageBox.StandardButton.Discard)
    dialog = SettingsDialog(Settings(), workspace)
    qtbot.addWidget(dialog)
    dialog.wipe.setChecked(wipe)
    with qtbot.waitSignal(dialog.sign_out_requested) as asked:
        dialog.sign_out_button.click()
    assert asked.args == [wipe]


def test_a_managed_setting_cannot_be_changed(qtbot, workspace) -> None:
    settings = Settings(policies=Policies({"Language": "zh_CN"}))
    dialog = SettingsDialog(settings, workspace)
    qtbot.addWidget(dialog)
    assert not dialog.language.isEnabled()
    assert dialog.language.toolTip() == "Managed by your IT department"
    dialog.interval.setValue(15)
    dialog.on_ok()
    assert settings.get("SyncInterval") == 900
    assert settings.get("Language") == "zh_CN"


def test_sign_in_and_sync_go_through_the_proxy_it_sets(
    qtbot, tmp_path: Path, server_url: str
) -> None:
    """IT's ProxyUrl from /etc/fieldbook/policies.json (the real Linux reader) carries the sign-in
    and the sync: the server's name below resolves nowhere, only the proxy reaches it."""
    nowhere = "http://crm.example.invalid"
    with forwarding_proxy(server_url) as proxy:
        policy_file = tmp_path / "policies.json"
        policy_file.write_text(
            json.dumps({"managed": {"ServerUrl": nowhere, "ProxyUrl": proxy.url}}), "utf-8"
        )
        dialog = _dialog(qtbot, Settings(policies=JsonFilePolicies(policy_file)), tmp_path)
        workspace = _sign_in_as_alice(qtbot, dialog)
        sync_service.sync_now(workspace)
        workspace.close()
    assert ("POST", f"{nowhere}{TOKEN_PATH}") in proxy.seen
    assert any(url.startswith(f"{nowhere}{PULL_PATH}") for _method, url in proxy.seen)


def _give_one_time_password(server_engine: Engine, name: str, password: str) -> None:
    with feed.write_transaction(make_sessions(server_engine).write) as session:
        user_admin.reset_password(session, name, auth.hash_password(password))


def test_a_one_time_password_from_it_asks_for_a_new_one_before_signing_in(
    qtbot, tmp_path: Path, server_url: str, server_engine: Engine
) -> None:
    _give_one_time_password(server_engine, "alice", "one-time-42")
    settings = Settings()
    settings.set("ServerUrl", server_url)
    dialog = _dialog(qtbot, settings, tmp_path)
    dialog.user.setText("alice")
    dialog.password.setText("one-time-42")

    dialog.on_sign_in()
    qtbot.waitUntil(dialog.new_password.isVisible, timeout=20_000)
    assert "one sign-in" in dialog.problem_label.text()
    dialog.new_password.new.setText("my own secret")
    dialog.new_password.repeat.setText("my own secrex")
    dialog.on_sign_in()
    assert "differ" in dialog.problem_label.text()
    dialog.new_password.repeat.setText("my own secret")
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        dialog.on_sign_in()

    assert dialog.workspace is not None and dialog.workspace.me.name == "alice"
    dialog.workspace.close()
    assert Transport(server_url, retries=0).sign_in("alice", "my own secret").user.name == "alice"


def test_a_user_changes_their_own_password_from_the_settings(
    qtbot, tmp_path: Path, server_url: str
) -> None:
    settings = Settings()
    settings.set("ServerUrl", server_url)
    workspace = _sign_in_as_alice(qtbot, _dialog(qtbot, settings, tmp_path))
    dialog = SettingsDialog(settings, workspace)
    qtbot.addWidget(dialog)
    dialog.password_button.click()
    change = dialog.findChild(ChangePasswordDialog)
    assert change is not None

    change.current.setText("not it")
    change.fields.new.setText("brand new one")
    change.fields.repeat.setText("brand new one")
    change.on_change()
    qtbot.waitUntil(change.buttons.isEnabled, timeout=20_000)
    assert change.problem_label.text() == "The current password is wrong. Please try again."
    change.current.setText(PASSWORD)
    with qtbot.waitSignal(change.accepted, timeout=20_000):
        change.on_change()

    sync_service.sync_now(workspace)  # the session goes on with its new tokens
    assert Transport(server_url, retries=0).sign_in("alice", "brand new one").user.name == "alice"
    workspace.close()


def test_the_window_asks_again_when_the_server_refuses_an_offline_password(
    qtbot, tmp_path: Path, server_engine: Engine, session: GuiSession
) -> None:
    """Let in offline with the old password; the server, back, knows only the one IT gave:
    the window asks for it over itself and goes on syncing."""
    server = ServerAddress(server_engine)
    with server.up():
        app_session.sign_in(tmp_path, server.url, "alice", PASSWORD, TokenStore()).close()
    workspace = app_session.sign_in(tmp_path, server.url, "alice", PASSWORD, TokenStore())
    _give_one_time_password(server_engine, "alice", "one-time-42")
    window = session.open_window(workspace)

    with server.up():
        window.sync.start()
        qtbot.waitUntil(lambda: window.findChild(SignInDialog) is not None, timeout=20_000)
        dialog = window.findChild(SignInDialog)
        assert dialog is not None
        assert dialog.user.text() == "alice" and dialog.user.isReadOnly()
        assert "did not accept your sign-in" in dialog.problem_label.text()
        dialog.password.setText("one-time-42")
        dialog.on_sign_in()
        qtbot.waitUntil(dialog.new_password.isVisible, timeout=20_000)
        dialog.new_password.new.setText("my own secret")
        dialog.new_password.repeat.setText("my own secret")
        with qtbot.waitSignal(window.sync.finished, timeout=20_000) as synced:
            dialog.on_sign_in()
        assert synced.args == [True]
    assert workspace.online is True


@pytest.mark.parametrize("managed", [False, True])
def test_server_and_user_given_at_start_fill_the_dialog(
    qapp: QApplication, tmp_path: Path, managed: bool
) -> None:
    """`fieldbook --server URL --user NAME` with no saved session: the dialog is filled in and
    waits for the password; an address IT manages still wins over the one given."""
    policies = Policies({"ServerUrl": "https://it.example.com"} if managed else {})
    settings = Settings(tmp_path / "settings.json", policies=policies)
    session = GuiSession(
        qapp, settings, TokenStore(), "en", sign_in_as=("https://crm.example.com", "li.na")
    )
    seen: dict[str, object] = {}

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, SignInDialog):
            QTimer.singleShot(10, look)
            return
        seen.update(
            server=dialog.server.text(),
            user=dialog.user.text(),
            typing_in=dialog.focusWidget() is dialog.password,
        )
        dialog.reject()

    QTimer.singleShot(0, look)
    try:
        assert session.sign_in(tmp_path / "data") is None
    finally:
        session.close()
    server = "https://it.example.com" if managed else "https://crm.example.com"
    assert seen == {"server": server, "user": "li.na", "typing_in": True}
