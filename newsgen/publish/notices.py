"""What outlets are told when a released story changes: the line a
correction carries (what was corrected) and the notice that replaces a
withdrawn story, in the feeds, in ninjs and on its page. One place for the
wording, so every channel says the same."""

from __future__ import annotations

import difflib
import re
from datetime import datetime

from newsgen.words.article import Article

MAX_CHANGES = 3   # changed wordings named in a correction line; the rest are counted


def day(moment: datetime) -> str:
    """'2 October 2018', in English whatever the locale."""
    months = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")
    return f"{moment.day} {months[moment.month - 1]} {moment.year}"


def _parts(old: Article, new: Article):
    """(name, old text, new text) of each part of the story, in order."""
    yield "the headline", old.headline, new.headline
    yield "the intro", old.standfirst, new.standfirst
    for i in range(max(len(old.paragraphs), len(new.paragraphs))):
        yield (f"paragraph {i + 1}", old.paragraphs[i] if i < len(old.paragraphs) else "",
               new.paragraphs[i] if i < len(new.paragraphs) else "")
    yield "the notes to editors", " ".join(old.notes), " ".join(new.notes)


def _listed(names: list[str]) -> str:
    """'the headline, paragraphs 2 and 3 and the notes to editors'."""
    numbers = [n.split()[1] for n in names if n.startswith("paragraph ")]
    items = [n for n in names if not n.startswith("paragraph ") and "notes" not in n]
    if numbers:
        items.append(f"paragraph{'s' if len(numbers) > 1 else ''} {_and(numbers)}")
    items += [n for n in names if "notes" in n]
    return _and(items)


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _phrase(words: list[str]) -> str:
    return " ".join(words).strip(" .,;:")


def _rewordings(old: str, new: str) -> list[str]:
    """'“301” now reads “351”' for each changed run of words."""
    a, b = old.split(), new.split()
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        was, now = _phrase(a[i1:i2]), _phrase(b[j1:j2])
        if op == "replace" and was and now:
            out.append((f"“{was}” now reads “{now}”", any(c.isdigit() for c in was + now)))
        elif op == "delete" and was:
            out.append((f"“{was}” was removed", any(c.isdigit() for c in was)))
        elif op == "insert" and now:
            out.append((f"“{now}” was added", any(c.isdigit() for c in now)))
    return out


def correction_note(old: Article, new: Article) -> str:
    """What changed between the version outlets have and the one replacing
    it: the parts of the story, and the changed figures (or, for a small
    edit, the changed words): 'Corrected: the headline and paragraph 2;
    “301” now reads “351”.' When only the figures behind the text changed,
    it says that."""
    parts, wordings = [], []
    for name, was, now in _parts(old, new):
        if was != now:
            parts.append(name)
            wordings += _rewordings(was, now)
    if not parts:
        return ("The figures behind the story were updated; its text is unchanged."
                if old.fingerprint != new.fingerprint else "Reissued unchanged.")
    # the figures first; other words only for a small edit
    shown = [w for w, numeric in wordings if numeric] or \
        ([w for w, _ in wordings] if len(wordings) <= 2 else [])
    line = f"Corrected: {_listed(parts)}"
    if shown:
        line += "; " + "; ".join(shown[:MAX_CHANGES])
        rest = len(shown) - MAX_CHANGES
        if rest > 0:
            line += f"; and {rest} other change{'s' if rest != 1 else ''} of figures"
    return line + "."


def reissue_note(withdrawn_on: datetime) -> str:
    return f"Released again: the story was withdrawn on {day(withdrawn_on)}."


def correction_line(number: int, when: datetime, note: str) -> str:
    """The line at the top of a corrected story in feeds and ninjs."""
    return f"Version {number}, {day(when)}. {note}"


def withdrawal_text(article: Article, when: datetime, reason: str) -> str:
    """The notice outlets get in place of a withdrawn story."""
    reason = re.sub(r"\s+", " ", reason).strip().rstrip(".")
    return (f"WITHDRAWN on {day(when)}: “{article.headline}” ({article.kit_title}, "
            f"{article.area_label}, {article.period}) has been withdrawn and must not be "
            f"published or kept online. Reason: {reason or 'none given'}.")


def withdrawal_title(article: Article) -> str:
    return f"Withdrawn: {article.headline}"


def withdrawal_page(article: Article, when: datetime, reason: str) -> str:
    """The page at a withdrawn story's address: the notice, and none of the story."""
    from html import escape
    title = escape(withdrawal_title(article))
    return ("<!doctype html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<meta name=\"robots\" content=\"noindex\">\n<title>{title}</title>\n</head>\n"
            f"<body>\n<h1>{title}</h1>\n<p>{escape(withdrawal_text(article, when, reason))}</p>\n"
            "</body>\n</html>\n")
