"""Two editors' texts of one draft: the differences of each from the text
both started from, marked word by word, and a merge of the two where they
changed different paragraphs.
"""

from __future__ import annotations

import difflib
import re

_WORDS = re.compile(r"\s+|[^\s]+")


def marked(base: str, text: str) -> list[list[tuple[str, str]]]:
    """`text` as paragraphs of (kind, words) pieces, kind '' (as in `base`),
    'ins' (added) or 'del' (removed from `base`), for showing side by side."""
    a, b = _WORDS.findall(base), _WORDS.findall(text)
    pieces: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(("", "".join(b[j1:j2])))
            continue
        if op in ("delete", "replace"):
            pieces.append(("del", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            pieces.append(("ins", "".join(b[j1:j2])))
    return _paragraphs(pieces)


def _paragraphs(pieces):
    """Split pieces at blank lines, so each paragraph is shown as one."""
    out, current = [], []
    for kind, words in pieces:
        parts = re.split(r"\n\s*\n", words)
        for n, part in enumerate(parts):
            if n:
                out.append(current)
                current = []
            if part:
                current.append((kind, part))
    out.append(current)
    for p in out:   # a paragraph ends at its last word
        while p and not p[-1][1].strip():
            p.pop()
    return [p for p in out if p]


def merge3(base: str, mine: str, theirs: str) -> tuple[str, list[int]]:
    """Mine and theirs merged paragraph by paragraph: each change only one
    side made to `base` is taken; where both changed the same paragraphs
    differently, mine is taken and its paragraph number (from 1) is listed
    as a clash, for the editor to settle by hand."""
    b = _blocks(base)
    sides = {"mine": _blocks(mine), "theirs": _blocks(theirs)}
    hunks = sorted((i1, i2, side, sides[side][j1:j2])
                   for side in sides
                   for op, i1, i2, j1, j2 in difflib.SequenceMatcher(
                       None, b, sides[side], autojunk=False).get_opcodes() if op != "equal")
    # hunks that touch the same paragraphs of base (or insert at the same place) form a group
    groups: list[list] = []
    for h in hunks:
        g = groups[-1] if groups else None
        if g is not None and (h[0] < g[0][1] or h[0] == g[0][0] == g[0][1] == h[1]
                              or (h[0] == g[0][1] and h[0] == h[1] and g[0][0] < g[0][1])):
            g[0] = (g[0][0], max(g[0][1], h[1]))
            g.append(h)
        else:
            groups.append([(h[0], h[1]), h])
    out, clashes, pos = [], [], 0
    for (start, end), *members in groups:
        out += b[pos:start]
        versions = {side: _apply(b, start, end, [h for h in members if h[2] == side])
                    for side in {h[2] for h in members}}
        if len(versions) == 2 and versions["mine"] != versions["theirs"]:
            clashes.append(len(out) + 1)
        out += versions.get("mine", versions.get("theirs"))
        pos = end
    out += b[pos:]
    return "\n\n".join(out) + "\n", clashes


def _apply(base: list[str], start: int, end: int, hunks: list) -> list[str]:
    """One side's text for base[start:end], from its hunks there."""
    out, pos = [], start
    for i1, i2, _side, replacement in hunks:
        out += base[pos:i1] + replacement
        pos = i2
    return out + base[pos:end]


def _blocks(text: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


def _matches(a: list[str], b: list[str]) -> dict[int, int]:
    """Paragraph i of `a` -> its place in `b`, where it is unchanged."""
    out = {}
    for i, j, size in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks():
        for k in range(size):
            out[i + k] = j + k
    return out
