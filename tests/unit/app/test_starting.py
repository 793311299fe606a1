"""Starting from a copy: the shipped templates (visit, inbound call, delivery, after-sales) in
both languages and free of problems; copies of templates, processes and code sets with new,
unused keys, unpublished, sharing nothing with what they copy."""

from __future__ import annotations

import json
from pathlib import Path

import resources.defaults
from app.design_rules import check_code_set, check_process
from app.drafts import CodeDraft, CodeSetDraft, ProcessDraft, StepDraft
from app.publishing import Catalogue
from app.starting import (
    copy_code_set,
    copy_process,
    start_from_template,
    templates,
    unused_key,
)

DEFAULTS = Path(resources.defaults.__file__).parent


def shipped() -> Catalogue:
    sets = json.loads((DEFAULTS / "code_sets.json").read_text(encoding="utf-8"))
    processes = json.loads((DEFAULTS / "processes.json").read_text(encoding="utf-8"))
    return Catalogue(
        {c["key"]: CodeSetDraft.from_fields(c) for c in sets},
        {p["key"]: ProcessDraft.from_fields(p) for p in processes},
    )


def test_the_four_templates_are_shipped_in_english_and_chinese() -> None:
    listed = templates()
    assert [t.name for t in listed] == ["after_sales", "delivery", "inbound_call", "visit"]
    assert all(t.names.get("en") and t.names.get("zh_CN") for t in listed)


def test_every_template_starts_a_process_without_problems() -> None:
    for template in templates():
        catalogue = Catalogue({}, {})
        draft = start_from_template(catalogue, template.name)
        assert draft.version == 0 and draft.steps
        assert check_process(draft, catalogue.code_sets, []) == [], template.name
        for key, code_set in catalogue.code_sets.items():
            assert check_code_set(code_set, [k for k in catalogue.code_sets if k != key]) == []
            assert code_set.published_codes == frozenset()


def test_a_template_gets_unused_keys_and_uses_identical_code_sets_as_they_are() -> None:
    catalogue = shipped()
    visit_outcome = catalogue.code_sets["visit_outcome"]
    visit_outcome.codes.append(
        CodeDraft("demo", {"en": "Asked for a demo", "zh_CN": "要求演示"})
    )  # edited
    before = dict(catalogue.code_sets)

    draft = start_from_template(catalogue, "visit")
    assert draft.key == "field_visit_2"
    assert catalogue.processes["field_visit_2"] is draft
    assert catalogue.processes["field_visit"] is not draft
    used = [s.code_set for s in draft.steps]
    # Unchanged code sets are shared; the edited one is copied under a new key.
    assert used == ["visit_purpose", "purchase_reason", "visit_outcome_2"]
    assert catalogue.code_sets["visit_purpose"] is before["visit_purpose"]
    assert catalogue.code_sets["visit_outcome"] is visit_outcome
    assert [c.key for c in catalogue.code_sets["visit_outcome_2"].codes] == [
        c.key for c in visit_outcome.codes[:-1]
    ]
    assert start_from_template(catalogue, "visit").key == "field_visit_3"


def test_a_copy_of_a_process_is_a_new_unpublished_draft() -> None:
    catalogue = shipped()
    source = catalogue.processes["delivery_confirmation"]
    draft = copy_process(catalogue, source)
    assert draft.key == "delivery_confirmation_2" and draft.version == 0
    assert draft.names == {"en": "Delivery confirmation (copy)", "zh_CN": "交付确认（副本）"}
    assert [s.key for s in draft.steps] == [s.key for s in source.steps]
    assert check_process(draft, catalogue.code_sets, list(shipped().processes)) == []
    draft.steps[0].branches.clear()
    draft.steps.append(StepDraft("extra"))
    assert source.steps[0].branches and len(source.steps) == 3  # nothing shared


def test_a_copy_of_a_code_set_may_lose_codes_the_published_one_may_only_retire() -> None:
    catalogue = shipped()
    source = catalogue.code_sets["visit_outcome"]
    draft = copy_code_set(catalogue, source)
    assert draft.key == "visit_outcome_2" and catalogue.code_sets[draft.key] is draft
    assert draft.names["en"] == "Visit outcome (copy)"
    assert draft.published_codes == frozenset() and source.published_codes
    draft.codes.pop()
    others = [k for k in catalogue.code_sets if k != draft.key]
    assert check_code_set(draft, others) == []
    assert len(source.codes) == len(draft.codes) + 1


def test_unused_keys_count_on_from_two() -> None:
    assert unused_key("visit", {}) == "visit"
    assert unused_key("visit", {"visit": 1, "visit_2": 2}) == "visit_3"
