"""What the review page reads from its forms, decided once for every page:
who acts, which drafts a bulk form chose, and where a form may send the
editor back to."""

from __future__ import annotations

import re

from newsgen.review.drafts import ReviewError

NO_NAME = "Say who you are first: type your name in “Your name” at the top of the page."


def editor_for(form, ctx) -> str:
    """Who an action is by: the login, or the name given (in the form, or
    kept from the page's one name field)."""
    if ctx["login"]:
        return ctx["editor"]
    editor = " ".join((form.get("editor") or [""])[-1].split()) or ctx["editor"]
    if not editor:
        raise ReviewError(NO_NAME)
    return editor


def chosen_drafts(form) -> list[tuple[int, int]]:
    """The (draft id, version seen) a bulk form chose ("ID:VERSION" each)."""
    chosen = []
    for value in form.get("id", []):
        m = re.fullmatch(r"(\d+):(\d+)", value)
        if not m:
            raise ReviewError(f"the form has a draft {value!r} it cannot read; reload the page")
        chosen.append((int(m.group(1)), int(m.group(2))))
    return chosen


def local_path(target: str) -> str:
    """`target` if it is a path on this site (a form's way back), else '':
    never another site's address, nor one starting // or /\\."""
    return target if re.fullmatch(r"/(?![/\\])[^\s\\]*", target or "") else ""
