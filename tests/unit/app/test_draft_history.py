"""Undo and redo of drafts as snapshots: several edits, undone and redone in order, into the
same draft object; a new edit drops what was undone; restarting (publishing) forgets all."""

from __future__ import annotations

from app.draft_history import DraftHistory
from app.drafts import CodeDraft, CodeSetDraft, ProcessDraft, StepDraft


def test_several_edits_are_undone_and_redone_in_order() -> None:
    draft = ProcessDraft("visit", {"en": "Visit"}, steps=[StepDraft("first")])
    history = DraftHistory(draft)
    assert not history.can_undo and not history.can_redo and history.unchanged

    draft.names = {"en": "Customer visit"}
    assert history.record()
    draft.steps.append(StepDraft("second", {"en": "Why?"}))
    assert history.record()
    draft.steps[1].questions = {"en": "Why did they buy?"}
    assert history.record()
    assert not history.record()  # nothing changed since

    assert history.undo()
    assert draft.steps[1].questions == {"en": "Why?"}
    assert history.undo()
    assert [s.key for s in draft.steps] == ["first"]
    assert history.undo()
    assert draft.names == {"en": "Visit"} and history.unchanged
    assert not history.undo()

    assert history.redo() and history.redo()
    assert draft.names == {"en": "Customer visit"} and [s.key for s in draft.steps] == [
        "first",
        "second",
    ]
    assert history.can_redo and not history.unchanged


def test_an_edit_after_undoing_drops_what_was_undone() -> None:
    draft = CodeSetDraft("damage", {"en": "Damage"})
    history = DraftHistory(draft)
    draft.codes.append(CodeDraft("dented", {"en": "Dented", "zh_CN": "凹陷"}))
    history.record()
    history.undo()
    assert draft.codes == []
    draft.names = {"en": "Damage", "zh_CN": "损坏"}
    history.record()
    assert not history.can_redo
    history.undo()
    assert "zh_CN" not in draft.names and draft.codes == []


def test_restored_states_are_copies_not_shared_with_the_history() -> None:
    draft = ProcessDraft("visit", steps=[StepDraft("first")])
    history = DraftHistory(draft)
    draft.steps[0].questions = {"en": "Purpose?"}
    history.record()
    history.undo()
    draft.steps[0].questions["en"] = "Changed in place"  # an edit not yet recorded
    history.redo()
    assert draft.steps[0].questions == {"en": "Purpose?"}
    history.undo()
    assert draft.steps[0].questions == {}


def test_restarting_forgets_every_state_and_takes_the_draft_as_it_is() -> None:
    draft = ProcessDraft("visit", {"en": "Visit"})
    history = DraftHistory(draft)
    draft.names = {"en": "Customer visit"}
    history.record()
    history.restart()  # published
    assert not history.can_undo and not history.can_redo and history.unchanged
    assert draft.names.get("en", "") == "Customer visit"


def test_only_the_newest_states_are_kept() -> None:
    draft = ProcessDraft("visit")
    history = DraftHistory(draft, limit=3)
    for name in ("a", "b", "c", "d"):
        draft.names["en"] = name
        history.record()
    while history.undo():
        pass
    assert draft.names.get("en", "") == "b"


def test_typing_on_in_one_field_is_one_step() -> None:
    draft = ProcessDraft("visit")
    history = DraftHistory(draft)
    name_field, other_field = object(), object()
    for typed in ("V", "Vi", "Vis"):
        draft.names["en"] = typed
        history.record(name_field)
    draft.names["zh_CN"] = "拜"
    history.record(other_field)
    draft.names["en"] = "Visit"  # back in the first field: a new step
    history.record(name_field)
    history.undo()
    assert (draft.names.get("en", ""), draft.names.get("zh_CN", "")) == ("Vis", "拜")
    history.undo()
    assert (draft.names.get("en", ""), draft.names.get("zh_CN", "")) == ("Vis", "")
    history.undo()
    assert draft.names.get("en", "") == "" and history.unchanged


def test_typing_back_to_what_was_there_leaves_nothing_to_undo() -> None:
    draft = ProcessDraft("visit", {"en": "Visit"})
    history = DraftHistory(draft)
    field = object()
    draft.names["en"] = "Visits"
    history.record(field)
    draft.names["en"] = "Visit"  # the field's own Ctrl+Z
    history.record(field)
    assert not history.can_undo and history.unchanged
