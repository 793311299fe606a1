"""The single-instance socket works wherever the temporary folder is, however deep."""

from __future__ import annotations

from pathlib import Path

import pytest

from ui.single_instance import MAX_SOCKET_PATH, InstanceServer, socket_name


def test_the_socket_listens_under_a_temporary_folder_too_deep_for_a_socket_address(
    qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deep = tmp_path / ("a-very-long-folder-name-" * 4) / "tmp"
    deep.mkdir(parents=True)
    monkeypatch.setenv("TMPDIR", str(deep))
    monkeypatch.setattr("tempfile.tempdir", None)  # read TMPDIR again

    name = socket_name(tmp_path / "profile")
    server = InstanceServer(name)
    try:
        assert server.listening
        assert len(name) <= MAX_SOCKET_PATH
    finally:
        server.close()
