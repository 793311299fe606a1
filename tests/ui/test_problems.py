"""Save failures in the user's language: each kind of field problem has its own sentence."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import get_args

import pytest
from PySide6.QtWidgets import QApplication

from app.errors import SaveError
from protocol.entities import ProblemKind, check_fields
from ui.i18n import I18N_DIR, install_translators
from ui.problems import SENTENCES, save_failure_text

ACCOUNT = "00000000-0000-4000-8000-000000000002"


@pytest.fixture
def chinese(qapp: QApplication, qm_dir: Path) -> Iterator[None]:
    translators = install_translators(qapp, "zh_CN", qm_dir)
    yield
    for translator in translators:
        qapp.removeTranslator(translator)


def _too_long_name() -> SaveError:
    return SaveError(check_fields("contact", {"name": "王" * 201}, creating=False))


def test_a_name_that_is_too_long_is_said_with_its_limit(qapp: QApplication) -> None:
    assert save_failure_text(_too_long_name()) == (
        "Name is too long; please shorten it to at most 200 characters."
    )


def test_the_chinese_ui_says_in_chinese_that_a_name_is_too_long(chinese: None) -> None:
    assert save_failure_text(_too_long_name()) == "名称太长，请缩短到 200 个字符以内。"


def test_a_wrong_choice_names_the_choices(qapp: QApplication) -> None:
    error = SaveError(check_fields("task", {"account_id": ACCOUNT, "kind": "x"}, creating=False))
    assert save_failure_text(error) == "Kind must be one of: task, visit, call."


def test_every_kind_of_problem_has_a_sentence_translated_into_chinese() -> None:
    assert set(SENTENCES) == set(get_args(ProblemKind))
    ts = ET.parse(I18N_DIR / "fieldbook_zh_CN.ts").getroot()
    translated = {
        message.findtext("source"): message.findtext("translation")
        for context in ts.iter("context")
        if context.findtext("name") == "Problems"
        for message in context.iter("message")
    }
    assert all(translated.get(sentence) for sentence in SENTENCES.values())
