"""A third interface language needs only its translations and a line in the language list:
the designer offers a line for it, and its texts are chosen for its users."""

from __future__ import annotations

import pytest

from app import languages
from app.drafts import CodeSetDraft, ProcessDraft, StepDraft
from app.processes import CodeList, ProcessDefinition, ProcessRun, Step
from protocol.documents import CODES, STEPS
from tests.support.designer import type_label
from ui.code_set_editor import CodeSetEditor
from ui.main import system_language
from ui.process_editor import ProcessEditor
from ui.step_view import StepView


@pytest.fixture
def traditional_chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        languages, "UI_LANGUAGES", (*languages.UI_LANGUAGES, ("zh_TW", "中文（繁體）"))
    )


def test_a_third_language_is_offered_written_and_chosen(qtbot, traditional_chinese: None) -> None:
    assert languages.ui_language("zh_TW") == "zh_TW"
    codes = CodeSetEditor("zh_TW")
    qtbot.addWidget(codes)
    assert list(codes.label_columns) == ["zh_TW", "en", "zh_CN"]
    draft = CodeSetDraft("reasons")
    codes.show_draft(draft)
    type_label(codes.names, "zh_TW", "購買原因")
    item = codes.on_add_code()
    item.setText(codes.label_columns["zh_TW"], "外觀")
    assert draft.codes[0].labels == {"zh_TW": "外觀"}
    assert draft.codes[0].key == "wai_guan"

    process = ProcessEditor("zh_TW")
    qtbot.addWidget(process)
    assert list(process.questions.edits) == ["zh_TW", "en", "zh_CN"]
    step = StepDraft("why", {"zh_TW": "為什麼買？", "en": "Why?"}, code_set="reasons")
    process.show_draft(ProcessDraft("visit", {"zh_TW": "拜訪"}, steps=[step]), {"reasons": draft})
    assert process.questions.edits["zh_CN"].placeholderText() == "為什麼買？"

    definition = ProcessDefinition(
        "visit",
        1,
        {"zh_TW": "拜訪"},
        "visit",
        tuple(map(Step.of, STEPS.validate_python([step.to_json()]))),
    )
    view = StepView("question")
    qtbot.addWidget(view)
    lists = {
        "reasons": CodeList.of(
            "reasons", {}, CODES.validate_python([c.to_json() for c in draft.codes])
        )
    }
    view.show_step(ProcessRun(definition), lists, "zh_TW")
    assert view.question_label.text() == "為什麼買？"
    assert [b.accessibleName() for b in view.grid.buttons] == ["外觀"]
    assert not view.untranslated_label.isVisibleTo(view)
    view.show_step(ProcessRun(definition), lists, "zh_CN")  # the same language's texts
    assert view.question_label.text() == "為什麼買？"
    assert view.untranslated_label.isVisibleTo(view)


def test_without_it_a_traditional_chinese_system_gets_simplified_chinese(monkeypatch) -> None:
    monkeypatch.setattr("locale.getlocale", lambda: ("zh_TW", "UTF-8"))
    assert system_language() == "zh_CN"
