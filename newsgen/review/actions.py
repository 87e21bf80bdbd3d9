"""What editors do to drafts: edit, settle a conflict between two saves,
approve (only text that passes the fact check, or with a reason), reject.

`EditorActions` is part of ReviewStore (newsgen.review.store), which keeps
the schema, the reading and the build's side. Every action is recorded in the
audit log under the editor's name, or, once there are accounts
(newsgen.review.accounts), the account's.
"""

from __future__ import annotations

from newsgen.review.accounts import Accounts
from newsgen.review.drafts import (CheckFailed, ConflictError, NotApproved, ReviewError, _who,
                                   check_status, current_text, normalise_text)
from newsgen.review.flags import text_diff


def _checks():
    """newsgen.review.checks, imported when a text is checked: it loads the
    fact check and phrasing (0.15 s), which `review list` and the like never need."""
    from newsgen.review import checks
    return checks


class EditorActions:
    """The editors' side of ReviewStore (it provides db, get, transaction,
    _update, _audit and _conflict)."""

    @property
    def accounts(self) -> Accounts:
        return Accounts(self)

    def _editor(self, editor: str) -> str:
        """Who an action is recorded as: the name given, or, once there are
        accounts, the account it names (ReviewError if none)."""
        editor = _who(editor)
        return self.accounts.account_for(editor) or editor

    def commission(self, draft_id: int, editor: str, note: str) -> None:
        """Log that an editor asked for this draft (a story written from a
        lead: newsgen.leads.draft)."""
        editor = self._editor(editor)
        with self.transaction() as db:
            self.get(draft_id)
            self._audit(db, draft_id, editor, "commission", note)

    def check(self, draft_id: int, text: str | None = None):
        """The fact check of the draft's current text (or of `text`)."""
        return _checks().check_draft(self.db, self.get(draft_id), text)

    def edit(self, draft_id: int, text: str, editor: str, expected_version: int,
             note: str = "", base: str | None = None) -> int:
        """Save the editor's text; the draft's version after it.

        Text the same as the draft's is not an edit (nothing is logged, the
        version stays); nor is a stale form's text the same as `base`, the
        text its editor opened (they changed nothing: saving it would undo
        the later save). Otherwise ConflictError if the draft changed since
        `expected_version`: the refused text is kept in the audit log.
        Every saved text is fact-checked; what fails is logged with the edit
        (approving it needs a reason: `set_status`)."""
        editor = self._editor(editor)
        text = normalise_text(text)
        unchanged_from = normalise_text(base) if base and base.strip() else None
        try:
            with self.transaction() as db:
                row = self.get(draft_id)
                before = current_text(row)
                if text == before or (text == unchanged_from and row["version"] != expected_version):
                    return row["version"]
                version = self._save(db, row, text, editor, expected_version, "edit", note)
                return version
        except ConflictError:
            with self.transaction() as db:
                self._audit(db, draft_id, editor, "conflict",
                            f"save refused: draft changed after version {expected_version}", text)
            raise

    def _save(self, db, row, text: str, editor: str, expected: int, action: str, note: str) -> int:
        """Write `text` as the draft's (an edit or a settled conflict), with its
        diff and its fact check in the log."""
        before = current_text(row)
        fields = {"edited_text": None if text == row["machine_text"] else text}
        if row["status"] in ("approved", "published"):
            fields["status"] = "draft"   # a changed text needs approving again
        version = self._update(db, row, editor, expected, **fields)
        report = _checks().check_draft(db, row, text)
        detail = text_diff(before, text, "before", "after")
        if report.problems:
            detail += (f"fact check: {len(report.problems)} problem(s); approving this text "
                       "needs a reason\n" + _checks().summary(report.problems) + "\n")
        self._audit(db, row["id"], editor, action, note, detail)
        return version

    def resolve(self, draft_id: int, choice: str, editor: str, expected_version: int,
                mine: str = "", merged: str = "", note: str = "") -> int:
        """Settle a conflict (newsgen.review.merge) by the editor's explicit
        choice: 'theirs' keeps the saved text, 'mine' saves the editor's text
        over it, 'merged' saves a merged text. Logged as a resolve; a change
        since `expected_version` is a new ConflictError."""
        if choice not in ("theirs", "mine", "merged"):
            raise ReviewError("choose how to settle the conflict: keep their text, keep yours, "
                              "or save a merged text")
        editor = self._editor(editor)
        text = normalise_text(mine if choice == "mine" else merged) if choice != "theirs" else ""
        with self.transaction() as db:
            row = self.get(draft_id)
            saved_by = f"{row['updated_by']}'s version {row['version']}"
            words = {"theirs": f"kept {saved_by}", "mine": f"kept my text over {saved_by}",
                     "merged": f"merged my text with {saved_by}"}[choice]
            note = f"conflict settled: {words}" + (f"; {note}" if note.strip() else "")
            if choice == "theirs" or text == current_text(row):
                if row["version"] != expected_version:
                    raise self._conflict(db, row, expected_version)
                self._audit(db, draft_id, editor, "resolve", note,
                            "" if choice == "theirs" else "the text was already this")
                return row["version"]
            return self._save(db, row, text, editor, expected_version, "resolve", note)

    def set_status(self, draft_id: int, status: str, editor: str, note: str = "",
                   expected_version: int | None = None, override: str = "") -> int:
        """Approve, reject or reopen a draft; its version after. Approving
        checks the text first (see `approve_many`)."""
        check_status(status)
        if status == "approved":
            self.approve_many([(draft_id, expected_version)], editor, note, override)
            return self.get(draft_id)["version"]
        if status == "published":
            raise ReviewError("drafts are published by a build, not by hand: approve them")
        if status == "rejected" and not note.strip():
            raise ReviewError("say why the draft is rejected: a note is needed")
        editor = self._editor(editor)
        with self.transaction() as db:
            return self._set_status(db, self.get(draft_id), status, editor, note, expected_version)

    def _set_status(self, db, row, status: str, editor: str, note: str, expected) -> int:
        version = self._update(db, row, editor, expected, status=status)
        self._audit(db, row["id"], editor, status if status != "draft" else "reopen", note,
                    f"{row['status']} -> {status}")
        return version

    def approve(self, ids, editor: str, note: str = "", override: str = "") -> list[tuple[int, str]]:
        """Approve drafts as they are now; see `approve_many`."""
        return self.approve_many([(i, None) for i in ids], editor, note, override)

    def approve_many(self, chosen, editor: str, note: str = "",
                     override: str = "") -> list[tuple[int, str]]:
        """Approve each (draft id, version it was seen at, or None) of `chosen`,
        all or none: if any is missing, changed since it was seen, or fails the
        fact check (without an `override` reason), NotApproved names every one
        and nothing changes (for a single draft, its own error: ConflictError,
        CheckFailed...). Returns (id, 'approved' / 'already approved' /
        'already published') per draft, each once."""
        editor = self._editor(editor)
        override = " ".join((override or "").split())
        seen, outcomes, refusals = set(), [], []
        with self.transaction() as db:
            for draft_id, expected, row in self._chosen_rows(db, chosen, seen, refusals):
                if row["status"] in ("approved", "published") and not row["stale"]:
                    outcomes.append((draft_id, f"already {row['status']}"))
                    continue
                problems = _checks().check_draft(db, row).problems
                if problems and not override:
                    refusals.append(CheckFailed(draft_id, problems))
                    continue
                fields = {"status": "approved", "stale": 0, "stale_facts": None,
                          "stale_machine_text": None}
                self._update(db, row, editor, expected, **fields)
                said, detail = note, f"{row['status']} -> approved"
                if problems:
                    said = f"fact check overridden: {override}" + (f"; {note}" if note else "")
                    detail += "\n" + _checks().summary(problems)
                self._audit(db, draft_id, editor, "approved", said, detail)
                outcomes.append((draft_id, "approved"))
            if len(seen) == 1 and refusals:   # one draft: its own reason
                raise refusals[0]
            if refusals:
                raise NotApproved(refusals)
        return outcomes

    def _chosen_rows(self, db, chosen, seen: set, refusals: list):
        """Each (id, version seen, row) of a bulk choice once, as it still is;
        a missing draft or one changed since it was seen goes to `refusals`
        (approve_many and reject_many are all or none)."""
        for draft_id, expected in chosen:
            if draft_id in seen:
                continue
            seen.add(draft_id)
            row = db.execute("SELECT * FROM drafts WHERE id = ?", (draft_id,)).fetchone()
            if row is None:
                refusals.append(ReviewError(f"no draft with id {draft_id}"))
            elif expected is not None and row["version"] != expected:
                refusals.append(self._conflict(db, row, expected))
            else:
                yield draft_id, expected, row

    def reject_many(self, chosen, editor: str, note: str) -> list[tuple[int, str]]:
        """Reject each (draft id, version it was seen at, or None) of `chosen`,
        all or none, as `approve_many` approves: if any is missing or changed
        since it was seen, NotApproved names every one and nothing changes.
        Returns (id, 'rejected' / 'already rejected') per draft, each once."""
        if not note.strip():
            raise ReviewError("say why the drafts are rejected: a note is needed")
        editor = self._editor(editor)
        seen, outcomes, refusals = set(), [], []
        with self.transaction() as db:
            for draft_id, expected, row in self._chosen_rows(db, chosen, seen, refusals):
                if row["status"] == "rejected":
                    outcomes.append((draft_id, "already rejected"))
                else:
                    self._set_status(db, row, "rejected", editor, note, expected)
                    outcomes.append((draft_id, "rejected"))
            if refusals:
                raise NotApproved(refusals, "rejected")
        return outcomes

    def reject(self, draft_id: int, editor: str, note: str,
               expected_version: int | None = None) -> int:
        return self.set_status(draft_id, "rejected", editor, note, expected_version)
