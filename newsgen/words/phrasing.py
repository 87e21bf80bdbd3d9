"""House-style words for numbers and comparisons.

Every function here is pure: a number in, a phrase out. Each phrase it returns
is *true* of its input ("more than 300" only for values above 300) and close
to it; the rules follow ../shared/PHRASING.md. Templates reach these through
the filters registered in ``newsgen.words.templates``.
"""

from __future__ import annotations

import math
from functools import lru_cache

import inflect
from num2words import num2words

# What is true and close enough to say is decided in newsgen.facts.judgements,
# which the fact check reads too; the names are here for templates and callers.
from newsgen.facts.judgements import (  # noqa: F401
    ALMOST_BY, FRACTIONS, MORE_THAN_BY, NEARLY_FRACTION, NEARLY_GAP, ROUND_ENOUGH, Hedge,
    change_size, direction, hedge_parts, pct_change, round_unit, versus_trend)

_inflect = inflect.engine()


# -- words or numerals -------------------------------------------------------
# The phrasing functions are pure, and the same figures recur from area to
# area, so the busiest remember their answers (typed: 1 and 1.0 apart).

@lru_cache(maxsize=4096)
def words(n: int) -> str:
    """A whole number in words: 37 -> 'thirty-seven'."""
    return num2words(int(n))


@lru_cache(maxsize=8192, typed=True)
def num(n: float | int) -> str:
    """One to nine in words, 10 and above in numerals with thousands commas.

    Fractions keep one decimal place: 28.58 -> '28.6'.
    """
    if isinstance(n, float) and not n.is_integer():
        text = f"{n:,.1f}"
        if not text.endswith(".0"):
            return text
        n = round(n)
    n = int(n)
    if 0 <= n <= 9:
        return words(n)
    return f"{n:,}"


def sentence_num(n: int) -> str:
    """A count that opens a sentence: never a numeral ('Thirty-seven')."""
    return capitalise(words(n))


def capitalise(text: str) -> str:
    """Upper-case the first letter only ('more than 300' -> 'More than 300')."""
    return text[:1].upper() + text[1:] if text else text


# -- rounded hedges ----------------------------------------------------------

def _count_words(n: int) -> str:
    if n == 12:
        return "a dozen"
    if n == 6:
        return "half a dozen"
    return num(n)


@lru_cache(maxsize=8192, typed=True)
def hedge(n: int) -> str:
    """A true, close round figure: 301 -> 'more than 300',
    22,724 -> 'nearly 23,000', 13 -> 'more than a dozen', 7 -> 'seven'."""
    h = hedge_parts(n)
    if h.kind == "exactly":
        return num(h.target)
    return f"{h.kind} {_count_words(h.target)}"


# -- per-day framing ---------------------------------------------------------

def _rate_phrase(rate: float, singular: str, plural: str, unit: str) -> str:
    whole = round(rate)
    if whole >= 1 and abs(rate - whole) / whole <= ROUND_ENOUGH:
        return f"{num(whole)} {singular if whole == 1 else plural} {unit}"
    floor = math.floor(rate)
    if rate - floor >= NEARLY_FRACTION:
        ceiling = floor + 1
        return f"nearly {num(ceiling)} {singular if ceiling == 1 else plural} {unit}"
    return f"more than {num(floor)} {singular} {unit}" if floor == 1 else \
        f"more than {num(floor)} {plural} {unit}"


@lru_cache(maxsize=1024)
def _plural_noun(singular: str) -> str:
    return _inflect.plural_noun(singular)


@lru_cache(maxsize=8192, typed=True)
def per_day(count: float, days: int, singular: str = "offence",
            plural: str | None = None) -> str:
    """An annual total as a daily (or weekly) rate that is true:
    772 in 365 days -> 'more than two offences a day';
    674 -> 'nearly two offences a day'; 239 -> 'more than one offence every
    other day'; 100 -> 'nearly two offences a week'."""
    plural = plural or _plural_noun(singular)
    if days <= 0:
        raise ValueError("a period has at least one day")
    rate = count / days
    if count <= 0:
        return f"no {plural}"
    if rate >= 1 or rate >= NEARLY_FRACTION:
        return _rate_phrase(rate, singular, plural, "a day")
    if rate >= 0.5:
        if rate == 0.5:
            return f"one {singular} every other day"
        return f"more than one {singular} every other day"
    weekly = rate * 7
    if weekly >= NEARLY_FRACTION:
        return _rate_phrase(weekly, singular, plural, "a week")
    return f"fewer than one {singular} a week"


# -- change on the previous period ------------------------------------------

@lru_cache(maxsize=8192, typed=True)
def change_phrase(current: float, previous: float | None,
                  same: str = "the same as the year before") -> str | None:
    """'down slightly from 302', 'up from 666', 'up from none', or `same`.
    None where there is no previous figure: say nothing about change."""
    if previous is None:
        return None
    if current == previous:
        return same
    way = "up" if current > previous else "down"
    if previous == 0:
        return "up from none"
    slightly = " slightly" if change_size(current, previous) == "slight" else ""
    return f"{way}{slightly} from {num(previous)}"


@lru_cache(maxsize=8192, typed=True)
def pct(value: float, style: str = "symbol") -> str:
    """A percentage: whole numbers, one decimal place below 5 where the whole
    number would mislead ('1.7%'); 'symbol' gives '%', 'words' ' per cent'."""
    value = abs(value)
    if value < 5 and round(value, 1) != round(value):
        text = f"{value:.1f}"
    else:
        text = f"{round(value):,}"
    return text + ("%" if style == "symbol" else " per cent")


@lru_cache(maxsize=8192, typed=True)
def pct_hedge(value: float, style: str = "symbol") -> str:
    """A hedged percentage floored to a multiple of five: 15.9 -> 'more than
    15%'. Below 5 the figure is given to one decimal place."""
    value = abs(value)
    suffix = "%" if style == "symbol" else " per cent"
    if value < 5:
        return pct(value, style)
    floor = int(value // 5 * 5)
    if floor == value:
        return f"{floor}{suffix}"
    return f"more than {floor}{suffix}"


@lru_cache(maxsize=8192, typed=True)
def fraction_phrase(change_pct: float) -> str | None:
    """A change as a fraction where one fits closely: 22.7 -> 'almost a
    quarter', 36 -> 'more than a third', 50 -> 'half'. None if none fits."""
    share = abs(change_pct) / 100
    best: tuple[float, str] | None = None
    for fraction, name in FRACTIONS:
        gap = share - fraction
        if abs(gap) < 0.0005:
            text = name
        elif -ALMOST_BY <= gap < 0:
            text = f"almost {name}"
        elif 0 < gap <= MORE_THAN_BY:
            text = f"more than {name}"
        else:
            continue
        if best is None or abs(gap) < best[0]:
            best = (abs(gap), text)
    return best[1] if best else None


_MULTIPLES = {2: "doubled", 3: "tripled", 4: "quadrupled"}


@lru_cache(maxsize=8192, typed=True)
def multiple_phrase(current: float, previous: float | None) -> str | None:
    """A rise as a multiple where one fits: x1.99 -> 'almost doubled',
    x3.5 -> 'more than tripled', x2 -> 'doubled'. None below x1.9."""
    if not previous or current <= previous:
        return None
    ratio = current / previous
    # tenths compared without dividing: 95 / 50 - 1 is 0.8999999999999999 in floating point
    if 10 * current < 19 * previous:
        return None
    k = math.floor(ratio)
    if 10 * (current - k * previous) >= 9 * previous:
        k, hedge_word = k + 1, "almost "
    elif ratio == k:
        hedge_word = ""
    else:
        hedge_word = "more than "
    if k in _MULTIPLES:
        return f"{hedge_word}{_MULTIPLES[k]}"
    return f"risen {hedge_word}{words(k) + 'fold' if k <= 9 else f'{k:,}-fold'}"


# -- ratios, ranks, agreement ------------------------------------------------

@lru_cache(maxsize=8192, typed=True)
def one_in(share: float) -> str:
    """A share as 'one in N': 0.02 -> 'one in 50'; 10/650 -> 'about one in
    65'. 'about' is added unless 1/N is the share exactly."""
    if share <= 0:
        raise ValueError("a share must be positive")
    n = round(1 / share)
    about = "" if math.isclose(n * share, 1, rel_tol=1e-9) else "about "
    return f"{about}one in {num(n)}"


@lru_cache(maxsize=4096)
def ordinal(n: int) -> str:
    """Like counts: 'first' to 'ninth' in words, then numerals with commas and
    a suffix ('10th', '21st', '4,618th'), never 'four thousand, six hundred
    and eighteenth'."""
    n = int(n)
    if 1 <= n <= 9:
        return _inflect.number_to_words(_inflect.ordinal(n))
    suffix = _inflect.ordinal(n)[len(str(n)):]
    return f"{n:,}{suffix}"


@lru_cache(maxsize=8192, typed=True)
def rank_phrase(rank: int, of: int, what: str = "highest",
                opposite: str = "lowest") -> str:
    """A rank among `of`, counted from whichever end is nearer:
    1 of 15 -> 'the highest'; 3 -> 'the third highest'; 14 of 15 ->
    'the second lowest'."""
    if not 1 <= rank <= of:
        raise ValueError(f"rank {rank} is not between 1 and {of}")
    if rank > (of + 1) / 2:
        rank, what = of - rank + 1, opposite
    return f"the {what}" if rank == 1 else f"the {ordinal(rank)} {what}"


def plural(noun: str, count: float = 2) -> str:
    """A noun agreeing with a count: ('offence', 1) -> 'offence'."""
    return noun if count == 1 else _plural_noun(noun)


@lru_cache(maxsize=4096)
def _article(spoken: str) -> str:
    return _inflect.a(spoken).split(" ", 1)[0]


def a_an(phrase: str) -> str:
    """The phrase with 'a' or 'an' before it, numerals read aloud:
    '11% rise' -> 'an 11% rise', '25% rise' -> 'a 25% rise'."""
    first = phrase.split(" ", 1)[0]
    digits = "".join(ch for ch in first.split(".")[0] if ch.isdigit())
    spoken = words(int(digits)) if digits and first[0].isdigit() else phrase
    article = _article(spoken)
    return f"{article} {phrase}"


# -- places and periods ------------------------------------------------------

_REGIONS_WITH_THE = {"north east", "north west", "east midlands", "west midlands",
                     "south east", "south west"}


def region_name(region: str) -> str:
    """An ONS region as a sentence names it: 'South East' -> 'the South
    East', 'East' -> 'the East of England', 'Yorkshire and The Humber' ->
    'Yorkshire and the Humber'; 'London' and 'Wales' as they are."""
    key = region.strip().lower()
    if key == "east":
        return "the East of England"
    if key in _REGIONS_WITH_THE:
        return f"the {region.strip()}"
    return region.strip().replace(" The ", " the ")


def compared(value: float, other: float) -> str:
    """'higher than', 'lower than' or 'the same as', to one decimal place as printed."""
    if round(value, 1) == round(other, 1):
        return "the same as"
    return "higher than" if value > other else "lower than"


def agree(count: float, singular: str, plural: str) -> str:
    """The kit's own singular or plural noun for a count (compound nouns such
    as 'possession of weapons offence' defeat automatic plurals)."""
    return singular if count == 1 else plural


# Forces whose short name is not the place they police.
_PLACES = {"metropolitan": "London", "city-of-london": "the City of London"}


def place(force) -> str:
    """Where a force polices, as 'in ...' needs it: Kent -> 'Kent',
    Metropolitan Police -> 'London', City of London -> 'the City of London'."""
    return _PLACES.get(force.slug, force.name)


def force_subject(force) -> str:
    """A force's official name opening a sentence: 'Kent Police', 'The
    Metropolitan Police Service' (the one label that takes 'the')."""
    return f"The {force.label}" if force.label.startswith("Metropolitan") else force.label


def share_phrase(share: float, style: str = "symbol") -> str:
    """A share of a total: 'about one in 44' for small shares, a percentage
    ('41%') from a tenth up, where 'one in two' would round 40% to half."""
    if share >= 0.1:
        return pct(share * 100, style)
    return one_in(share)


def rate(value: float) -> str:
    """A rate per head, always to one decimal place: 36.0, 2.4, 1,023.5."""
    return f"{value:,.1f}"
