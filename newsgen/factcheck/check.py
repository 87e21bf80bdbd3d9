"""The fact check: every number an article states must come from its facts.

`check_article` finds each number in an article's words (numerals, number
words, hedges such as "more than 300", per-day rates, percentages, fractions,
multiples, "one in N", ordinal ranks, years and period labels) and matches it
to one of the article's facts, or to a true, close hedge of one. It returns a
`Claim` per number, naming the fact it matched; an unmatched number is a
`Problem` and the build withholds the article (see `fact_check_stage`).

Not checked, by design: words inside quotation marks “…” (quotes are the
speakers' verbatim words), text a kit author wrote verbatim (kit notes, the
source credit, quote introductions), data labels (force and category names),
URLs, bare superlatives ("the highest", no number) and ordinals that are not
ranks ("the first time").

The matching rules, each the same test the phrasing functions make:

* a plain count ("301", "Thirty-seven") equals a fact exactly; a decimal
  ("28.6") equals a fact rounded to the places shown;
* "more than N" / "over N": the fact is above N and N is the fact rounded
  down to a round unit at least as coarse as phrasing's (301 -> 300; 1,320 ->
  1,300 or 1,000); "nearly N" / "almost N": `judgements.Hedge` holds; "fewer
  than N": below N, N the fact rounded up; "at least N": not below N;
* per-day phrases ("nearly one offence a day") against per-day facts;
* "23%" against percentage facts (and shares x 100) rounded as shown;
  "more than 15%": above 15 and less than five points above;
* fractions ("almost a quarter") against percentage changes and shares, with
  phrasing's closeness; multiples ("almost doubled") against changes;
* "one in 75" against shares (75 = round(1 / share));
* "the third lowest" against rank facts (rank among `ranked`);
* years and labels ("2017-18", "March 2018") against the article's periods;
  "12 months" against the length of a financial-year period.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache

from newsgen.facts import judgements
from newsgen.words import phrasing

# -- number words --------------------------------------------------------------

_UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * i for i, w in enumerate(
    "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if w != "_"}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_NUMBER_WORD = "|".join(sorted([*_UNITS, *_TENS, *_SCALES], key=len, reverse=True))
# A run of number words: "thirty-seven", "two hundred and one", "a dozen".
_WORDS_RE = (rf"(?:half\s+a\s+dozen|a\s+dozen|none|"
             rf"(?:{_NUMBER_WORD})(?:(?:-|\s+|\s+and\s+)(?:{_NUMBER_WORD}))*)")
_NUMERAL_RE = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_NUMBER_RE = rf"(?:{_NUMERAL_RE}|{_WORDS_RE})"

_ORDINALS = {phrasing.ordinal(n): n for n in range(1, 101)}

_FRACTION_NAMES = {name: value for value, name in judgements.FRACTIONS}
_FRACTION_RE = "|".join(sorted(map(re.escape, _FRACTION_NAMES), key=len, reverse=True))

_MULTIPLE_WORDS = {"doubled": 2, "tripled": 3, "trebled": 3, "quadrupled": 4}

_HEDGES = ("more than", "over", "nearly", "almost", "fewer than", "less than", "under",
           "at least", "about", "around")
_HEDGE_RE = "(?:" + "|".join(h.replace(" ", r"\s+") for h in _HEDGES) + ")"


_ORDINAL_NUMERAL = re.compile(r"(\d{1,3}(?:,\d{3})*)(st|nd|rd|th)")
_NUMERAL = re.compile(_NUMERAL_RE)
_HALF_A_DOZEN = re.compile(r"half\s+a\s+dozen")
_WORD_SPLIT = re.compile(r"-|,?\s+")


def _ordinal_value(text: str) -> int | None:
    """'third' -> 3, '13th' -> 13, anything else -> None."""
    t = text.lower()
    m = _ORDINAL_NUMERAL.fullmatch(t)
    return int(m.group(1).replace(",", "")) if m else _ORDINALS.get(t)


def words_to_int(text: str) -> int | None:
    """'Thirty-seven' -> 37, 'two hundred and one' -> 201, 'a dozen' -> 12."""
    t = text.lower().strip()
    if t in ("a dozen",):
        return 12
    if _HALF_A_DOZEN.fullmatch(t):
        return 6
    if t == "none":
        return 0
    total = current = 0
    for token in _WORD_SPLIT.split(t):
        if token in ("", "and"):
            continue
        if token in _UNITS:
            current += _UNITS[token]
        elif token in _TENS:
            current += _TENS[token]
        elif token == "hundred":
            current = max(current, 1) * 100
        elif token in _SCALES:
            total += max(current, 1) * _SCALES[token]
            current = 0
        else:
            return None
    return total + current


@lru_cache(maxsize=4096)
def parse_number(text: str) -> tuple[float, int] | None:
    """(value, decimal places shown) of a numeral or number words."""
    t = text.strip()
    if _NUMERAL.fullmatch(t):
        places = len(t.split(".")[1]) if "." in t else 0
        return float(t.replace(",", "")), places
    value = words_to_int(t)
    return None if value is None else (float(value), 0)


def _norm_hedge(word: str | None) -> str:
    if not word:
        return "exactly"
    w = " ".join(word.lower().split())
    return {"over": "more than", "almost": "nearly", "less than": "fewer than",
            "under": "fewer than", "around": "about"}.get(w, w)


# -- the rules -----------------------------------------------------------------

def _places_match(stated: float, places: int, value: float) -> bool:
    """A numeral as `phrasing.num` writes the value: whole numbers exactly,
    fractions to one decimal place, '.0' dropped (47.04 -> '47')."""
    if places == 0:
        if float(value).is_integer():
            return value == stated
        return round(value, 1) == stated
    return abs(value - stated) <= 0.5 * 10 ** -places + 1e-9


def _round_units(value: float):
    """Phrasing's rounding unit for `value`, then each coarser power of ten."""
    unit = judgements.round_unit(max(int(value), 1))
    while unit <= max(value, 1) * 10:
        yield unit
        unit *= 10


def count_holds(hedge: str, stated: float, places: int, value: float) -> bool:
    """Is the hedged count `hedge stated` true and close for `value`?"""
    if hedge == "exactly":
        return _places_match(stated, places, value)
    if hedge == "nearly":
        return stated * (1 - judgements.NEARLY_GAP) <= value < stated and \
            any((value // u + 1) * u == stated for u in _round_units(value))
    if hedge == "more than":
        if stated == 12 and value in (13, 14):  # "more than a dozen"
            return True
        return value > stated and any(value // u * u == stated for u in _round_units(value))
    if hedge == "at least":
        return value >= stated and any(value // u * u == stated for u in _round_units(value))
    if hedge == "fewer than":
        return value < stated and any((value // u + 1) * u == stated for u in _round_units(value))
    if hedge == "about":
        return stated > 0 and abs(value - stated) / stated <= judgements.NEARLY_GAP
    return False


def rate_holds(hedge: str, stated: float, rate: float) -> bool:
    """A per-day (or per-week) rate claim, by `phrasing.per_day`'s rules."""
    if hedge == "exactly":
        return stated >= 1 and abs(rate - stated) / stated <= judgements.ROUND_ENOUGH or \
            (stated == 0 and rate == 0)
    if hedge == "more than":
        return math.floor(rate) == stated and rate > stated
    if hedge == "nearly":
        return stated - (1 - judgements.NEARLY_FRACTION) <= rate < stated
    if hedge == "at least":
        return math.floor(rate) == stated
    if hedge == "fewer than":
        return rate < stated and math.floor(rate) + 1 == stated
    if hedge == "about":
        return abs(rate - stated) <= 0.5
    return False


def pct_holds(hedge: str, stated: float, places: int, value: float) -> bool:
    value = abs(value)
    if hedge == "exactly":
        return abs(value - stated) <= 0.5 * 10 ** -places + 1e-9
    if hedge == "more than":
        return stated < value < stated + 5
    if hedge == "nearly":
        return stated - 5 < value < stated
    if hedge == "about":
        return abs(value - stated) <= 2.5
    if hedge == "fewer than":
        return stated - 5 < value < stated
    if hedge == "at least":
        return stated <= value < stated + 5
    return False


def fraction_holds(hedge: str, fraction: float, share: float) -> bool:
    gap = abs(share) - fraction
    if hedge == "exactly":
        return abs(gap) < 0.0005
    if hedge == "nearly":
        return -judgements.ALMOST_BY <= gap < 0
    if hedge == "more than":
        return 0 < gap <= judgements.MORE_THAN_BY
    return False


def multiple_holds(hedge: str, k: int, ratio: float) -> bool:
    if hedge == "exactly":
        return abs(ratio - k) < 1e-9
    if hedge == "nearly":
        return k - 0.1 <= ratio < k
    if hedge == "more than":
        return k < ratio < k + 0.9
    return False


# -- results -------------------------------------------------------------------

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


@dataclass
class Problem:
    where: str
    sentence: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}: “{self.sentence}”"


@dataclass
class Report:
    claims: list[Claim] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


# -- extraction ------------------------------------------------------------------

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

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_URL = re.compile(r"https?://\S+|www\.\S+")
_QUOTED = re.compile(r"“[^”]*(?:”|$)", re.S)
_STRAIGHT_QUOTED = re.compile(r'"[^"\n]*"')


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


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
# follows it (see `_extract`). tests/test_factcheck_fast.py compares all this
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


# -- matching --------------------------------------------------------------------

def _numeric_facts(values: dict) -> list[tuple[str, float]]:
    out = []
    for name, value in values.items():
        if isinstance(value, bool) or value is None:
            continue
        if isinstance(value, (int, float)) and not (isinstance(value, float) and math.isnan(value)):
            out.append((name, float(value)))
        elif name == "breakdown" and isinstance(value, list):
            for i, item in enumerate(value):
                v = item.get("value") if isinstance(item, dict) else None
                if isinstance(v, (int, float)):
                    out.append((f"breakdown[{i}].value", float(v)))
    return out


_ISO_DATE = re.compile(r"((?:19|20)\d{2})-(\d{2})-(\d{2})")
_PERIOD_LABEL = re.compile(r"((?:19|20)\d{2})(?:[-/–](\d{2}|\d{4}))?")
_RANK_NAME = re.compile(r"(?:rate_)?rank$")


def _period_years(values: dict) -> dict[str, str]:
    """Each year and label the article's periods cover -> the fact name.

    Periods are financial years ('2017-18': 2017 and 2018), years, or the
    end dates of rolling 12-month periods ('2018-09-30': October 2017 to
    September 2018, so 2017 and 2018).
    """
    out: dict[str, str] = {}
    for name, value in values.items():
        if not isinstance(value, str):
            continue
        iso = _ISO_DATE.fullmatch(value)
        if iso:
            year = int(iso.group(1))
            out.setdefault(str(year), name)
            out.setdefault(str(year - 1 if iso.group(2) != "12" else year), name)
            continue
        m = _PERIOD_LABEL.fullmatch(value)
        if not m:
            continue
        out[value] = name
        start = int(m.group(1))
        out.setdefault(str(start), name)
        if m.group(2):
            end = int(m.group(2)) if len(m.group(2)) == 4 else start // 100 * 100 + int(m.group(2))
            out.setdefault(str(end), name)
    return out


def _rank_totals(name: str, values: dict) -> list[float]:
    """How many a rank fact is out of: rate_rank -> rate_ranked, and
    region_rate_rank -> region_rate_ranked or else region_ranked."""
    out = []
    for total in (name + "ed", _RANK_NAME.sub("ranked", name)):
        value = values.get(total)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value not in out:
            out.append(value)
    return out


def _exact_counts(numeric: list[tuple[str, float]]) -> dict[float, tuple[str, float]]:
    """Each whole number a plain count can state -> the first fact it states
    (`count_holds('exactly', n, 0, value)`: the value itself if whole, else
    rounded to one place), so that most counts are matched by one look-up."""
    out: dict[float, tuple[str, float]] = {}
    for name, value in numeric:
        out.setdefault(value if float(value).is_integer() else round(value, 1), (name, value))
    return out


def match(claim: Claim, values: dict, numeric: list | None = None,
          periods: dict | None = None) -> None:
    """Fill in `claim.value` and, if a fact bears it out, `claim.fact`.
    (`numeric` and `periods` are the values' numbers and period years, if
    already worked out.)"""
    _match(claim, values, numeric, periods)


def _match(claim: Claim, values: dict, numeric: list | None = None,
           periods: dict | None = None, exact: dict | None = None) -> None:
    """`match`; `exact` is `_exact_counts(numeric)` if already worked out."""
    hedge, num, groups = claim.parts
    kind = claim.kind
    # the commonest claims first: a plain whole count, a year of the periods
    if kind == "count" and hedge == "exactly" and exact is not None:
        parsed = parse_number(num)
        if parsed is not None and parsed[1] == 0:
            claim.value = parsed[0]
            hit = exact.get(parsed[0])
            if hit is not None:
                claim.fact, claim.fact_value = hit
            return
    if kind == "year" and periods is not None and num in periods:
        claim.value = num
        claim.fact, claim.fact_value = periods[num], num
        return
    numeric = _numeric_facts(values) if numeric is None else numeric
    periods = _period_years(values) if periods is None else periods

    def found(name, value):
        claim.fact, claim.fact_value = name, value
        return True

    if kind == "period":
        claim.value = num
        label = num.replace("/", "-").replace("–", "-")
        if label in periods:
            found(periods[label], label)
        return
    if kind == "year":
        claim.value = num
        if num in periods:
            found(periods[num], num)
            return
        for name, value in numeric:    # a year that is itself a fact: series_first_year
            if value == float(num):
                found(name, value)
                return
        return
    if kind == "rank":
        k = _ordinal_value(num)
        claim.value = k
        top = (groups.get("dir") or "highest").lower() in ("highest", "largest", "biggest", "most")
        for name, rank in numeric:
            if not name.endswith("rank") or k is None:
                continue
            for of in _rank_totals(name, values):
                if (rank == k) if top else (of - rank + 1 == k):
                    return found(name, rank)
        return
    if kind == "fraction":
        fraction = _FRACTION_NAMES[num.lower()]
        claim.value = fraction
        for name, value in numeric:
            if name.endswith("pct") and fraction_holds(hedge, fraction, value / 100):
                return found(name, value)
            if name.endswith("share") and fraction_holds(hedge, fraction, value):
                return found(name, value)
        return
    if kind == "multiple":
        parsed = parse_number(num)
        k = _MULTIPLE_WORDS.get(num.lower()) or (int(parsed[0]) if parsed else None)
        claim.value = k
        for name, value in numeric:
            if name.endswith("change_pct") and k and multiple_holds(hedge, k, 1 + value / 100):
                return found(name, value)
        return

    parsed = parse_number(num)
    if parsed is None:
        claim.value = num
        return
    stated, places = parsed
    claim.value = stated
    if kind == "one_in":
        for name, value in numeric:
            if name.endswith("share") and value > 0 and round(1 / value) == stated:
                return found(name, value)
        return
    if kind == "percent":
        for name, value in numeric:
            if (name.endswith("pct") or name.endswith("percent")) and \
                    pct_holds(hedge, stated, places, value):
                return found(name, value)
            if name.endswith("share") and pct_holds(hedge, stated, places, value * 100):
                return found(name, value)     # "accounted for 12% of them"
        return
    if kind == "rate":
        unit = " ".join(groups["unit"].lower().split())
        scale = 2 if unit == "every other day" else 7 if unit.endswith("week") else 1
        for name, value in numeric:
            if name.endswith("per_day") and rate_holds(hedge, stated, value * scale):
                return found(name, value)
        return
    if kind == "duration":
        unit = groups["unit"].lower().rstrip("s")
        days = values.get("days")
        lengths = {"month": 12, "week": 52, "year": 1} if days in (365, 366) else {}
        if hedge == "exactly" and lengths.get(unit) == stated:
            return found("days", days)
        # otherwise fall through: "15 years" may still be a count fact
    if hedge == "exactly" and places == 0:
        hit = (_exact_counts(numeric) if exact is None else exact).get(stated)
        if hit is not None:
            found(*hit)
        return
    for name, value in numeric:
        if count_holds(hedge, stated, places, value):
            return found(name, value)


# -- whole articles --------------------------------------------------------------

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


def _fields(article) -> list[tuple[str, str]]:
    out = [("headline", article.headline), ("standfirst", article.standfirst)]
    out += [(f"paragraphs[{i}]", p) for i, p in enumerate(article.paragraphs)]
    out += [(f"notes[{i}]", p) for i, p in enumerate(article.notes)]
    return out


def verbatim_of(kit) -> tuple[str, ...]:
    """The text a kit author wrote that reaches articles word for word."""
    if kit is None:
        return ()
    out = [*kit.notes, kit.source.get("credit", ""), kit.source.get("name", "")]
    for q in kit.quotes:
        out += [q.intro, *q.paragraphs]
    return tuple(s for s in out if s)


def check_article(article, verbatim: tuple[str, ...] = ()) -> Report:
    """Every number in the article matched to a fact; problems for the rest.

    `verbatim` is text the kit author wrote (see `verbatim_of`); it is not
    checked, nor are data labels (the area's and categories' names).
    """
    values = article.facts.values
    labels = [article.area, article.area_label, article.region, article.kit_title]
    labels += [item["category"] for item in values.get("breakdown") or []
               if isinstance(item, dict) and item.get("category")]
    skip = tuple(verbatim) + tuple(s for s in labels if s)
    report = Report()
    numeric, periods = _numeric_facts(values), _period_years(values)
    exact = _exact_counts(numeric)
    phrases = _longest_first(skip)
    for where, text in _fields(article):
        if not text or not text.strip():
            report.problems.append(Problem(where, text or "", "empty paragraph"))
            continue
        found, leaks = _extract(text, _phrases_in(text, phrases))
        for start, message in leaks:
            report.problems.append(Problem(where, _sentence_at(text, start), message))
        for kind, claim_text, sentence, start, parts in found:
            claim = Claim(claim_text, kind, 0, where, sentence, start, parts=parts)
            _match(claim, values, numeric, periods, exact)
            report.claims.append(claim)
            if not claim.matched:
                report.problems.append(Problem(
                    where, claim.sentence,
                    f"the {claim.kind} {claim.text!r} matches none of the article's facts"
                    + _nearest(claim, numeric)))
    return report


def _nearest(claim: Claim, numeric: list[tuple[str, float]]) -> str:
    """' (nearest: current = 301)' for a count, to show what was meant."""
    if claim.kind != "count" or not isinstance(claim.value, float) or not numeric:
        return ""
    name, value = min(numeric, key=lambda nv: abs(nv[1] - claim.value))
    shown = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
    return f" (nearest: {name} = {shown})"


@dataclass
class Withheld:
    kit: str
    slug: str
    area: str
    problems: list[Problem]

    def __str__(self) -> str:
        first = self.problems[0]
        more = f" (and {len(self.problems) - 1} more)" if len(self.problems) > 1 else ""
        return f"withheld {self.kit}/{self.slug} ({self.area}): {first}{more}"


def fact_check_stage(ctx) -> None:
    """Build stage: withhold every article whose numbers do not all check out.

    Withheld articles are removed from ``ctx.articles`` (nothing of them is
    written) and listed in ``ctx.withheld``.
    """
    verbatim = {name: verbatim_of(writer.kit) for name, writer in ctx.writers.items()}
    kept = []
    for article in ctx.articles:
        report = check_article(article, verbatim.get(article.kit, ()))
        if report.ok:
            kept.append(article)
        else:
            ctx.withheld.append(Withheld(article.kit, article.slug, article.area, report.problems))
    ctx.articles[:] = kept
