"""Numbers as articles write them, read back, and the rules for hedged numbers:
numerals, number words, ordinals and hedges ("more than", "nearly") to values,
and the `*_holds` tests of whether a hedged number is true and close for a value.
"""

from __future__ import annotations

import math
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
