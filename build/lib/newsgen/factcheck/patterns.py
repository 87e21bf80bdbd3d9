"""The patterns that find the numbers in a text, and where each may match: the
text is split into tokens once, and a pattern is tried only a few tokens before
a word (or digits) that every one of its matches holds.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from newsgen.factcheck.numbers import (_FRACTION_NAMES, _FRACTION_RE, _HEDGE_RE, _HEDGES,
                                       _MULTIPLE_WORDS, _NUMBER_RE, _NUMERAL_RE, _SCALES, _TENS,
                                       _UNITS, _WORDS_RE)


# -- the patterns --------------------------------------------------------------

# The patterns, tried in this order over the text (quotes, URLs and verbatim
# text blanked out, ASCII lower-cased). A claim one pattern finds is blanked
# before the next pattern runs, so "more than two-thirds" is a fraction and
# not also "more than two"; within one pattern, matches never overlap.
_PATTERNS: list[tuple[str, re.Pattern]] = [
    # "nearly two offences a day", "more than one offence every other day"
    ("rate", re.compile(
        rf"\b(?:(?P<hedge>{_HEDGE_RE})\s+)?(?P<num>{_NUMBER_RE})\s+(?:[a-z-]+\s+){{0,5}}?"
        rf"(?P<unit>every\s+other\s+day|(?:a|each|per|every)\s+(?:day|week))\b")),
    # "about one in 75"
    ("one_in", re.compile(rf"\b(?:(?P<hedge>about|around|nearly|almost)\s+)?(?:one|1)\s+in\s+(?P<num>{_NUMBER_RE})\b")),
    ("percent", re.compile(
        rf"(?:\b(?P<hedge>{_HEDGE_RE})\s+)?(?P<num>(?<![\w.,]){_NUMERAL_RE})(?:%|\s+per\s+cent\b)")),
    # any word before a superlative; `match` keeps only ordinals ("third")
    ("rank", re.compile(
        r"\b(?P<num>[a-z]+(?:-[a-z]+)?|\d{1,3}(?:,\d{3})*(?:st|nd|rd|th))[\s-]+"
        r"(?P<dir>highest|lowest|largest|smallest|biggest|most|fewest|least)\b")),
    # "ranked 13th of 15": a rank counted from the top
    ("rank", re.compile(r"\b(?P<num>\d{1,3}(?:,\d{3})*(?:st|nd|rd|th))\b")),
    ("multiple", re.compile(
        rf"\b(?:(?P<hedge>almost|nearly|more\s+than)\s+)?(?P<num>doubled|tripled|trebled|quadrupled)\b"
        rf"|\b(?:(?P<hedge2>almost|nearly|more\s+than)\s+)?(?P<num2>{_WORDS_RE}|{_NUMERAL_RE})-?fold\b")),
    ("duration", re.compile(
        rf"\b(?P<num>{_NUMBER_RE})(?:\s+|-)(?P<unit>months?|weeks?|years?)\b")),
    ("period", re.compile(r"(?<![\w.,-])(?P<num>(?:19|20)\d{2}[-/–](?:\d{2}|\d{4}))(?![\w-])")),
    ("year", re.compile(r"(?<![\w.,-])(?P<num>(?:19|20)\d{2})(?![\w,.-]\d)(?!\d)")),
    # before counts: "more than two-thirds" is a fraction, not "more than two"
    ("fraction", re.compile(
        rf"\b(?:(?P<hedge>almost|nearly|more\s+than|over)\s+)?(?P<num>{_FRACTION_RE})\b(?!\s+a\s+dozen)")),
    ("count", re.compile(
        rf"(?:\b(?P<hedge>{_HEDGE_RE})\s+)?(?P<num>(?<![\w.,-]){_NUMERAL_RE}(?![\w]))"
        rf"|(?:\b(?P<hedge2>{_HEDGE_RE})\s+)?\b(?P<num2>{_WORDS_RE})\b")),
]


# Finding the matches fast.
#
# `finditer` would try each pattern at every character, and each try runs
# through long alternations of hedges and number words: slow in Python's `re`.
# Instead the text is split once into tokens (runs of letters, runs of digits,
# '%'), and each pattern is tried with `rx.match(text, pos)` only where one of
# its matches can begin: at or a few tokens before an *anchor*, a token every
# match of that pattern contains (a digit, a number word, "dozen", a fraction
# word, "doubled", a superlative, ...). A match begins with its hedge (at most
# two words) or its number, with only spaces between them, so it begins within
# a fixed number of tokens before its anchor, and with a word it can begin
# with ("more", "about", "a", a number word; any digit). Trying those places
# in ascending order and resuming after each match finds exactly the matches
# `finditer` finds: `rx.match(text, pos)` still sees the characters before
# `pos` for `\b` and look-behinds. A pattern whose other necessary words are
# missing ("day"/"week" for a rate, '%'/"cent" for a percentage) is not tried,
# and a text with no anchor at all costs only the split.
#
# Matches begin and end at token edges, so a claim blanks whole tokens and
# later patterns skip them; the one exception, a count's first numeral ending
# inside a run of digits ("1,957" of "1,957301"), is followed as finditer
# follows it (see `claims._extract`). tests/test_factcheck_fast.py compares all this
# with the plain `finditer` scan, on chosen and on random texts.

_TOKENS = re.compile(r"(\d+|[a-z]+|%)")     # split(): separator, token, separator, ...
_NOT_DIGITS = frozenset("abcdefghijklmnopqrstuvwxyz%")   # first characters of other tokens
_HEDGE_FIRST = frozenset(h.split()[0] for h in _HEDGES)
_NUMBER_FIRST = frozenset({*_UNITS, *_TENS, *_SCALES, "none", "a", "half"})  # how _WORDS_RE begins
# The first word of a number, and how many tokens before it its hedge may
# begin ("more than |301"); "dozen" anchors "more than half a |dozen".
_NUMBER_ANCHORS = {**dict.fromkeys((*_UNITS, *_TENS, *_SCALES, "none"), 2), "dozen": 4}
_SUPERLATIVES = "highest lowest largest smallest biggest most fewest least".split()
_SUFFIXES = "st nd rd th".split()
# "tenfold", "a dozenfold", "3-fold": a number's last word glued to "fold", or "fold"
_FOLDS = frozenset({"fold", *(w + "fold" for w in (*_UNITS, *_TENS, *_SCALES, "none", "dozen"))})
# A fraction's last word, and how many tokens before it a match may begin
# ("more than |three-quarters": 3)
_FRACTION_ANCHORS: dict[str, int] = {}
for _name in _FRACTION_NAMES:
    *_before, _last = re.findall(r"[a-z]+", _name)
    _FRACTION_ANCHORS[_last] = max(_FRACTION_ANCHORS.get(_last, 0), len(_before) + 2)
_FRACTION_FIRST = frozenset(re.findall(r"[a-z]+", _name)[0] for _name in _FRACTION_NAMES)
del _name, _before, _last


def _year_like(digits: str) -> bool:
    return len(digits) == 4 and digits[:2] in ("19", "20")


@dataclass(frozen=True)
class _Anchors:
    """Tokens that locate a pattern's matches, each with how many tokens
    before it a match may begin. With `needs`, they count only in a text
    that holds one of those tokens too."""

    words: dict                     # token -> reach
    digits: int | None = None       # reach of a run of digits (None: not an anchor)
    years_only: bool = False        # ... of runs like "2018" only
    needs: frozenset = frozenset()
    word_set: frozenset = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "word_set", frozenset(self.words))


@dataclass(frozen=True)
class _Scan:
    kind: str
    rx: re.Pattern
    anchors: tuple[_Anchors, ...]
    begins: frozenset | None        # words a match may begin with (None: any); digits always may
    back_over_digits: bool = False  # ranks: "3,248th highest" begins at the "3"
    words: frozenset = field(init=False)     # every anchor word of the scan
    digits: bool = field(init=False)         # whether runs of digits are anchors

    def __post_init__(self):
        object.__setattr__(self, "words", frozenset().union(*(g.words for g in self.anchors)))
        object.__setattr__(self, "digits", any(g.digits is not None for g in self.anchors))


def _scans() -> list[_Scan]:
    """A `_Scan` for each of `_PATTERNS`, in order."""
    hedged_numbers = _HEDGE_FIRST | _NUMBER_FIRST
    spec = {  # kind: (anchors, begins)
        "rate": ([_Anchors(_NUMBER_ANCHORS, 2, needs=frozenset({"day", "week"}))], hedged_numbers),
        "one_in": ([_Anchors({"one": 1, "1": 1})], _HEDGE_FIRST | {"one"}),
        "percent": ([_Anchors({}, 2, needs=frozenset({"%", "cent"}))], _HEDGE_FIRST),
        "rank": ([_Anchors(dict.fromkeys(_SUPERLATIVES, 2))], None),
        "rank from the top": ([_Anchors(dict.fromkeys(_SUFFIXES, 0))], frozenset()),
        "multiple": ([_Anchors(dict.fromkeys(_MULTIPLE_WORDS, 2)),
                      _Anchors({**_NUMBER_ANCHORS, **dict.fromkeys(_FOLDS, 4)}, 2, needs=_FOLDS)],
                     hedged_numbers | _FOLDS | set(_MULTIPLE_WORDS)),
        "duration": ([_Anchors(_NUMBER_ANCHORS, 2, needs=frozenset(
            "month months week weeks year years".split()))], _NUMBER_FIRST),
        "period": ([_Anchors({}, 0, years_only=True)], frozenset()),
        "year": ([_Anchors({}, 0, years_only=True)], frozenset()),
        "fraction": ([_Anchors(_FRACTION_ANCHORS)], _HEDGE_FIRST | _FRACTION_FIRST),
        "count": ([_Anchors(_NUMBER_ANCHORS, 2)], hedged_numbers),
    }
    out = []
    for kind, rx in _PATTERNS:
        key = "rank from the top" if kind == "rank" and out and out[-1].kind == "rank" else kind
        anchors, begins = spec[key]
        out.append(_Scan(kind, rx, tuple(anchors), None if begins is None else frozenset(begins),
                         back_over_digits=kind == "rank"))
    return out


_SCANS = _scans()
_ANCHOR_WORDS = frozenset(w for scan in _SCANS for group in scan.anchors for w in group.words)


class _Tokens:
    """A masked, lower-cased text split into tokens, and where its anchors are."""

    def __init__(self, masked: str):
        parts = _TOKENS.split(masked)
        self.tokens = tokens = parts[1::2]
        self.offsets = list(itertools.accumulate(map(len, parts)))[::2]   # where each token starts
        self.present = set(tokens)
        self.words = self.present & _ANCHOR_WORDS
        self.digits = list(itertools.compress(range(len(tokens)), map(str.isdecimal, tokens)))
        self.is_digits = frozenset(self.digits)
        self._years: list[int] | None = None
        self._at: dict[str, list[int]] = {}

    def at(self, word: str) -> list[int]:
        """The indices of `word`'s tokens."""
        out = self._at.get(word)
        if out is None:
            out, i, index = [], -1, self.tokens.index
            for _ in range(self.tokens.count(word)):
                i = index(word, i + 1)
                out.append(i)
            self._at[word] = out
        return out

    def years(self) -> list[int]:
        """The indices of the runs of four digits that begin 19 or 20."""
        if self._years is None:
            self._years = [j for j in self.digits if _year_like(self.tokens[j])]
        return self._years

    def anchors(self, scan: _Scan) -> list[tuple[list[int], int]]:
        """(token indices, reach) of `scan`'s anchors in this text."""
        out = []
        if not (scan.digits and self.digits) and self.words.isdisjoint(scan.words):
            return out
        for group in scan.anchors:
            if group.needs and group.needs.isdisjoint(self.present):
                continue
            if self.words:
                for w in self.words & group.word_set:
                    out.append((self.at(w), group.words[w]))
            if group.digits is not None and self.digits:
                indices = self.years() if group.years_only else self.digits
                if indices:
                    out.append((indices, group.digits))
        return out

    def begins(self, scan: _Scan, anchors, masked: str) -> list[int]:
        """Where `scan.rx` may match in `masked`, ascending: every place it
        does match is among them. Tokens blanked by an earlier pattern are
        skipped (only whole tokens are ever blanked)."""
        tokens, offsets, is_digits = self.tokens, self.offsets, self.is_digits
        allowed, back, found = scan.begins, scan.back_over_digits, set()
        for indices, reach in anchors:
            for j in indices:                    # the anchor, then the tokens before it
                if masked[offsets[j]] == " ":
                    continue
                live = -1
                for k in range(j, -1, -1):
                    at = offsets[k]
                    if masked[at] == " ":
                        continue
                    live += 1
                    if k in is_digits:
                        if live > reach and not back:
                            break
                        found.add(at)
                    elif live > reach:
                        break
                    elif allowed is None or tokens[k] in allowed:
                        found.add(at)
        return sorted(found)
