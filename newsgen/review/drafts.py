"""What a draft is, wherever it is kept: its statuses, the errors of a
review request, and the text format an editor edits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsgen.errors import NewsgenError

STATUSES = ("draft", "approved", "rejected", "published")
NOTES_HEADING = "Notes to editors"


class ReviewError(NewsgenError):
    """A review request the store refuses (unknown draft, bad status, bad text)."""


class ConflictError(ReviewError):
    """Someone else saved the draft after this editor opened it."""

    def __init__(self, draft_id: int, expected: int, current: int, who: str, when: str):
        self.draft_id, self.expected, self.current = draft_id, expected, current
        super().__init__(
            f"draft {draft_id} was changed by {who} at {when} after you opened it "
            f"(you had version {expected}, it is now version {current}); nothing was done "
            "over their change")


class CheckFailed(ReviewError):
    """The text fails the fact check, and no reason was given to approve it anyway."""

    def __init__(self, draft_id: int, problems: list):
        self.draft_id, self.problems = draft_id, problems
        first = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(
            f"draft {draft_id} fails the fact check: {where_label(first.where)}: "
            f"{first.message}{more}; "
            "correct the text, or approve it giving a reason to override the check")


class NotApproved(ReviewError):
    """Of drafts approved together, some could not be: none was."""

    def __init__(self, refusals: list[ReviewError], done: str = "approved"):
        self.refusals = refusals
        super().__init__(f"nothing {done}: " + "; ".join(str(r) for r in refusals))


def check_status(status: str) -> str:
    if status not in STATUSES:
        raise ReviewError(f"status {status!r}: expected one of {', '.join(STATUSES)}")
    return status


def _who(editor: str) -> str:
    editor = " ".join((editor or "").split())
    if not editor:
        raise ReviewError("say who you are: an editor's name is needed")
    if len(editor) > 100:
        raise ReviewError("editor name longer than 100 characters")
    return editor


# --- the text format an editor edits: Article.text() --------------------------------

@dataclass
class ArticleText:
    headline: str
    standfirst: str
    paragraphs: list[str]
    notes: list[str]


def parse_text(text: str) -> ArticleText:
    """Headline, blank line, standfirst, paragraphs, then 'Notes to editors' and notes."""
    blocks = [" ".join(b.split()) for b in re.split(r"\n\s*\n", text.replace("\r\n", "\n"))]
    blocks = [b for b in blocks if b]
    if len(blocks) < 2:
        raise ReviewError("the text needs a headline, a blank line and a standfirst at least")
    body, notes = blocks[2:], []
    if NOTES_HEADING in body:
        i = body.index(NOTES_HEADING)
        body, notes = body[:i], body[i + 1:]
    return ArticleText(blocks[0], blocks[1], body, notes)


def normalise_text(text: str) -> str:
    t = parse_text(text)
    parts = [t.headline, t.standfirst, *t.paragraphs]
    if t.notes:
        parts += [NOTES_HEADING, *t.notes]
    return "\n\n".join(parts) + "\n"


def where_label(where: str) -> str:
    """A place in the text as an editor reads it: 'paragraphs[2]' -> 'paragraph 3'."""
    m = re.match(r"(paragraphs|notes)\[(\d+)\](.*)", where)
    if not m:
        return where
    return f"{'paragraph' if m.group(1) == 'paragraphs' else 'note'} {int(m.group(2)) + 1}{m.group(3)}"


def current_text(row) -> str:
    return row["edited_text"] or row["machine_text"]
