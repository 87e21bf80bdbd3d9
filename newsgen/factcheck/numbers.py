"""Numbers as articles write them, read back: numerals, number words,
ordinals and hedges ("more than", "nearly") to values. Whether a hedged number
is true and close for a value (the `*_holds` tests) is judged in
newsgen.facts.judgements, which phrasing follows too.
"""

from __future__ import annotations

import re
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
# Whether a hedged number is true and close is judged in one place, the module
# that phrasing follows too: a hand-edited "nearly one a day" for 0.82 a day
# fails here because phrasing would never have written it.

count_holds = judgements.count_holds
rate_holds = judgements.rate_holds
pct_holds = judgements.pct_holds
fraction_holds = judgements.fraction_holds
multiple_holds = judgements.multiple_holds
