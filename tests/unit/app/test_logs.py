"""The log file: in the platform's log directory, at the level asked for, set up once."""

from __future__ import annotations

import logging

import pytest

from app import logs

pytestmark = pytest.mark.usefixtures("restore_root_logging")


def test_the_log_file_is_in_the_platform_log_dir_at_the_level_asked_for(tmp_path):
    path = logs.setup_logging("WARNING")
    logging.getLogger("fieldbook.test").info("quiet detail")
    logging.getLogger("fieldbook.test").warning("worth knowing")
    assert path == logs.log_dir() / logs.LOG_FILE
    assert path.is_relative_to(tmp_path)  # XDG_STATE_HOME of the test
    text = path.read_text()
    assert "worth knowing" in text and "quiet detail" not in text


def test_setting_up_again_replaces_the_handler_and_an_unknown_level_means_info():
    logs.setup_logging("DEBUG")
    path = logs.setup_logging("chatty")
    logging.getLogger("fieldbook.test").info("once")
    assert path.read_text().count("once") == 1
    assert logging.getLogger().level == logging.INFO
    assert logs.log_files() == [path]
