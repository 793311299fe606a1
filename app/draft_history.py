"""Undo and redo for a draft before it is published: a history of snapshots of the draft.

Each edit the designer makes is recorded as a copy of the whole draft (drafts are small), so
undoing never needs to know what kind of edit it was. Undo and redo restore a snapshot *into*
the same draft object, which the designer and the catalogue keep referring to. Publishing
starts the history afresh: what is published cannot be undone. No Qt here.
"""

from __future__ import annotations

import copy
import dataclasses

from app.drafts import CodeSetDraft, ProcessDraft

Draft = CodeSetDraft | ProcessDraft
LIMIT = 100  # snapshots kept per draft; the oldest go first


class DraftHistory:
    def __init__(self, draft: Draft, limit: int = LIMIT) -> None:
        self.draft = draft
        self._limit = limit
        self.restart()

    @property
    def can_undo(self) -> bool:
        return self._at > 0

    @property
    def can_redo(self) -> bool:
        return self._at < len(self._states) - 1

    @property
    def unchanged(self) -> bool:
        """Whether the draft is as it was when the history started (or was last published)."""
        return self._states[self._at] == self._start

    def restart(self) -> None:
        """Forget every state: the draft as it is now (new, or just published) is the start."""
        self._states: list[Draft] = [copy.deepcopy(self.draft)]
        self._at = 0
        self._start: Draft = self._states[0]
        self._typing: object = None  # the field the newest state was typed in, if typed

    def record(self, typing_in: object = None) -> bool:
        """Take the draft as it is now as the newest state; False if nothing changed. Any
        states undone before are dropped (they can no longer be redone). Typing on in the
        field (`typing_in`) the newest state was typed in changes that state, so a word typed
        is undone at once, not letter by letter."""
        state = copy.deepcopy(self.draft)
        if state == self._states[self._at]:
            return False
        del self._states[self._at + 1 :]
        if typing_in is not None and typing_in is self._typing and self._at > 0:
            self._states[-1] = state
            if state == self._states[-2]:  # typed back to what it was (the field's own undo)
                self._states.pop()
                self._typing = None
        else:
            self._states.append(state)
        self._typing = typing_in
        del self._states[: max(0, len(self._states) - self._limit)]
        self._at = len(self._states) - 1
        return True

    def undo(self) -> bool:
        return self._go_to(self._at - 1)

    def redo(self) -> bool:
        return self._go_to(self._at + 1)

    def _go_to(self, at: int) -> bool:
        if not 0 <= at < len(self._states):
            return False
        self._at, self._typing = at, None
        state = copy.deepcopy(self._states[at])
        for field in dataclasses.fields(self.draft):
            setattr(self.draft, field.name, getattr(state, field.name))
        return True
