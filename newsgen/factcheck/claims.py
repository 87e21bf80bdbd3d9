"""The numbers in an article's text, as claims: each with its kind, its words,
its sentence and where it starts (quotations, URLs and verbatim text left out);
and the values that leaked into the text unfilled ('nan', template markup).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

from newsgen.factcheck.numbers import _norm_hedge, _ordinal_value
from newsgen.factcheck.patterns import _SCANS, _Tokens


# -- claims --------------------------------------------------------------------

@dataclass
class Claim:
    """One number in an article, and the fact it was matched to (or None)."""

    text: str          # as written: "more than 300"
    kind: str          # count, rate, percent, fraction, multiple, one_in, rank, year, period, duration
    value: float | str
    where: str         # headline, standfirst, paragraphs[2], notes[0]
    sentence: str
    start: int         # offset in that field's text
    fact: str | None = None
    fact_value: object = None
    parts: tuple = field(default=(), repr=False, compare=False)  # (hedge, number, groups)

    @property
    def matched(self) -> bool:
        return self.fact is not None

    def as_dict(self) -> dict:
        return {"text": self.text, "kind": self.kind, "where": self.where,
                "start": self.start, "fact": self.fact}


# -- extraction ------------------------------------------------------------------

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_URL = re.compile(r"https?://\S+|www\.\S+")
_QUOTED = re.compile(r"“[^”]*(?:”|$)", re.S)
_STRAIGHT_QUOTED = re.compile(r'"[^"\n]*"')


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


_SENTENCE_ENDS = ".!?"


class _Sentences:
    r"""The sentences of a text, found once, on first use: each ends after a
    '.', '!' or '?' followed by white space or the end of the text (a run
    of them stays with its sentence: "Really?!"), as the pattern
    `(?:[^.!?]|\.(?=\d)|[.!?](?=[^\s]))+[.!?]*` finds them."""

    def __init__(self, text: str):
        self.text = text
        self.ends: list[int] | None = None

    def _split(self) -> None:
        text, n = self.text, len(self.text)
        ends = []
        for c in _SENTENCE_ENDS:
            i = text.find(c)
            while i >= 0:
                if i + 1 == n or text[i + 1].isspace():
                    ends.append(i + 1)
                i = text.find(c, i + 1)
        ends.sort()
        self.ends, self.sentences, start = [], [], 0
        for end in ends:
            if end - start > 1:      # not a lone '.': the pattern needs one more character
                self.ends.append(end)
                self.sentences.append(text[start:end].strip())
            start = end
        if start < n:
            self.ends.append(n)
            self.sentences.append(text[start:].strip())

    def at(self, pos: int) -> str:
        """The sentence that holds `pos`."""
        if self.ends is None:
            self._split()
        i = bisect.bisect_right(self.ends, pos)
        return self.sentences[i] if i < len(self.ends) else self.text.strip()


def _sentence_at(text: str, pos: int) -> str:
    return _Sentences(text).at(pos)


def extract(text: str, where: str = "", verbatim: tuple[str, ...] = ()) -> list[Claim]:
    """Every number in `text` as an unmatched Claim, in reading order."""
    claims, _leaks = _extract(text, _phrases_in(text, _longest_first(tuple(verbatim))))
    return [Claim(claim_text, kind, 0, where, sentence, start, parts=parts)
            for kind, claim_text, sentence, start, parts in claims]


@lru_cache(maxsize=64)
def _longest_first(verbatim: tuple[str, ...]) -> tuple[tuple[str, bool], ...]:
    """The verbatim phrases in the order they are blanked, each with whether
    blanking other text could make it appear (leading, trailing or double spaces)."""
    phrases = sorted({v for v in verbatim if v}, key=len, reverse=True)
    return tuple((v, v[0] == " " or v[-1] == " " or "  " in v) for v in phrases)


def _phrases_in(text: str, phrases: tuple[tuple[str, bool], ...]) -> tuple[str, ...]:
    """Of `_longest_first(verbatim)`, the phrases that can blank anything in
    `text`, in the same order, so that a story's quotes and notes share one
    cache entry whatever the area's labels. A phrase not in `text` blanks
    nothing unless earlier blanking (spaces) makes it appear, which needs a
    phrase that begins or ends with a space or holds two: those are kept."""
    return tuple([v for v, may_appear in phrases if may_appear or v in text])


def _phrases_by_text(texts: list[str], phrases: tuple[tuple[str, bool], ...]) -> list[tuple[str, ...]]:
    """`_phrases_in` for each of `texts` (an article's fields), found in one
    pass over them all joined: each phrase is looked for once and then once
    more in each text after one that holds it."""
    whole = "\0".join(texts)
    starts, at = [], 0
    for text in texts:
        starts.append(at)
        at += len(text) + 1
    last = len(texts) - 1
    out: list[list[str]] = [[] for _ in texts]
    for phrase, may_appear in phrases:
        if may_appear:
            for found in out:
                found.append(phrase)
        elif "\0" in phrase:   # could span two texts: each looked at on its own
            for found, text in zip(out, texts):
                if phrase in text:
                    found.append(phrase)
        else:
            i = whole.find(phrase)
            while i >= 0:
                k = bisect.bisect_right(starts, i) - 1
                out[k].append(phrase)
                if k == last:
                    break
                i = whole.find(phrase, starts[k + 1])
    return [tuple(found) for found in out]


def _mask(text: str, phrases: tuple[str, ...]) -> str:
    """`text` with URLs, quotations and the phrases blanked (its length
    unchanged), lower-cased (ASCII only) for the patterns."""
    masked = text
    if "http" in masked or "www." in masked:     # every URL holds one
        masked = _blank_all(_URL, masked)
    if "“" in masked:
        masked = _blank_all(_QUOTED, masked)
    if '"' in masked:
        masked = _blank_all(_STRAIGHT_QUOTED, masked)
    for phrase in phrases:
        start = masked.find(phrase)
        while start >= 0:
            masked = _blank(masked, start, start + len(phrase))
            start = masked.find(phrase, start + len(phrase))
    # str.lower is the same as _ASCII_LOWER on ASCII text, and quicker
    return masked.lower() if masked.isascii() else masked.translate(_ASCII_LOWER)


def _blank_all(rx: re.Pattern, text: str) -> str:
    for m in rx.finditer(text):
        text = _blank(text, m.start(), m.end())
    return text


@lru_cache(maxsize=4096)
def _extract(text: str, phrases: tuple[str, ...]) -> tuple[tuple, tuple]:
    """`extract` without `where`, and the leaked values in `text` (see
    `_leaks`), remembered: a story's quotes and notes are the same in all its
    articles. The claims are (kind, text, sentence, start, parts);
    `phrases` are verbatim text, blanked in this order.

    Each pattern in turn finds its matches, as `finditer` would (see
    `_Tokens.begins`), and each claim is blanked before the next pattern runs.
    """
    leaks = _leaks(text)
    masked = _mask(text, phrases)
    tokens = _Tokens(masked)
    if not tokens.digits and not tokens.words:
        return (), leaks
    sentences = _Sentences(text)
    claims = []
    for scan in _SCANS:
        anchors = tokens.anchors(scan)
        if not anchors:
            continue
        kind, match_at = scan.kind, scan.rx.match
        scanned, resume = masked, 0       # finditer reads the text as it was
        begins, i = tokens.begins(scan, anchors, masked), 0
        while i < len(begins):
            pos = begins[i]
            i += 1
            if pos < resume:
                continue
            m = match_at(scanned, pos)
            if m is None:
                continue
            start, resume = m.span()
            if scanned[resume - 1:resume + 1].isdecimal():
                # A match that ends inside a run of digits ("1,957" of
                # "1,957301": the count pattern's first numeral has no
                # look-ahead) is where finditer looks next, and the count
                # pattern's second numeral has no look-behind.
                bisect.insort(begins, resume, lo=i)
            groups = m.groupdict()
            num = groups.get("num") or groups.get("num2")
            if not num:
                continue
            if kind == "count" and num.lower() in ("none",) and not _is_none_count(masked, m):
                continue
            if kind == "rank" and _ordinal_value(num) is None:
                continue
            hedge = _norm_hedge(groups.get("hedge") or groups.get("hedge2"))
            claims.append((kind, text[start:resume].strip(), sentences.at(start), start,
                           (hedge, num, groups)))
            masked = _blank(masked, start, resume)
    claims.sort(key=lambda c: c[3])
    return tuple(claims), leaks


def _is_none_count(text: str, m: re.Match) -> bool:
    """'up from none': a count of zero; 'None were for ...' is English."""
    return bool(re.search(r"from\s+$", text[max(0, m.start() - 10):m.start()]))


# -- leaked values -------------------------------------------------------------

_LEAKS = [
    (re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}"), "template markup"),
    (re.compile(r"\bnan\b|\binf\b", re.I), "a missing number ('nan')"),
    (re.compile(r"\bNone\b(?!\s+(?:of|was|were|had|has|have)\b)"), "a missing value ('None')"),
    (re.compile(r"\bUndefined\b"), "an undefined value"),
]
# For each leak, strings one of which its every match holds once lower-cased,
# to skip the search when none is there ("inf" under re.I is also "ınf" or
# "İnf", but always has "nf").
_LEAK_SIGNS = [("{", "}"), ("nan", "nf"), ("none",), ("undefined",)]


def _leaks(text: str) -> tuple[tuple[int, str], ...]:
    """(position, message) of each leaked value in `text`."""
    lower = text.lower()
    out = []
    for (rx, what), signs in zip(_LEAKS, _LEAK_SIGNS):
        for sign in signs:
            if sign in lower:
                m = rx.search(text)
                if m:
                    out.append((m.start(), f"{what} {m.group(0)!r} in the text"))
                break
    return tuple(out)
