"""The judgements behind every phrase: what counts as a rise, as "slight",
as "nearly", as a round number or a close fraction, and which figures of a
series are comparable. Numbers in, labels out, never words: phrasing says
them, facts label areas with them and the fact check holds every text to
them (the `*_holds` tests below), so the three cannot disagree.

The house rules (../shared/PHRASING.md) in one place:

* a hedge is true and close: "more than 300" for 301; "nearly 23,000" for
  22,724 (within NEARLY_GAP); a rate is "nearly N" only at 90% of N or more,
  so 0.82 a day is "more than five a week", never "nearly one a day";
* a fraction is within a tenth of its value ("almost a tenth" is 9 to 10%, not
  8%) and never disagrees with the percentage printed beside it: 19.7% is
  "a fifth (20%)", not "almost a fifth (20%)";
* "slightly" and "little change" are for changes under 2%, or a handful of
  offences (a kit may set the handful);
* a record or long-run claim stays within the comparable part of a series:
  the periods after the last break the kit declares (see `comparable`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from newsgen.facts.periods import days, sort_key

# "nearly X" for a count only within this share of X (22,724: "nearly 23,000").
NEARLY_GAP = 0.03
# A rate (a day, a week) or a percentage is "nearly N" only at this share of
# N or more, and (for rates) no further below N than NEARLY_FRACTION allows.
NEARLY_SHARE = 0.9
NEARLY_FRACTION = 0.8    # 1.8 a day is "nearly two"; 2.75 is "more than two"
# A rate this close to a whole number is said as that number ("five a day").
ROUND_ENOUGH = 0.01
# "slightly" / "little change": under this percentage, or a handful of
# offences (at most HANDFUL, and at most HANDFUL_PCT per cent of the base).
SLIGHT_PCT = 2.0
HANDFUL = 3
HANDFUL_PCT = 10.0
# A change under this percentage (and not slight) is "modest": real, but not
# news by itself; from here to a quarter it is "clear".
MODEST_PCT = 5.0
# A fraction ("almost a quarter") is said only within this share of its value.
FRACTION_CLOSE = 0.1


@dataclass(frozen=True)
class Settings:
    """What a kit may set about these judgements (kit.toml ``[judgements]``)."""

    handful: int = HANDFUL   # a change of this many offences or fewer can be "slight"


DEFAULT = Settings()


# -- as articles print numbers ---------------------------------------------------

def round_half_up(value: float, places: int = 0) -> float:
    """Rounded as a reader expects: 12.5 -> 13 (Python's round gives 12)."""
    q = Decimal(1).scaleb(-places)
    return float(Decimal(repr(float(value))).quantize(q, rounding=ROUND_HALF_UP))


def pct_places(value: float) -> int:
    """Decimal places a percentage is printed with: one below 5 where the
    whole number would mislead (1.7%), none otherwise (23%)."""
    value = abs(value)
    return 1 if value < 5 and round_half_up(value, 1) != round_half_up(value) else 0


def shown_pct(value: float) -> float:
    """A percentage as it is printed (unsigned): 19.7 -> 20, 1.74 -> 1.7."""
    return round_half_up(abs(value), pct_places(value))


# -- rounded counts -----------------------------------------------------------

@dataclass(frozen=True)
class Hedge:
    """A hedged figure: ``kind`` is 'exactly', 'more than' or 'nearly'."""

    kind: str
    target: int

    def holds_for(self, value: float) -> bool:
        if self.kind == "exactly":
            return value == self.target
        if self.kind == "more than":
            return value > self.target
        return self.target * (1 - NEARLY_GAP) <= value < self.target


def round_unit(n: int) -> int:
    """The unit a count is rounded to: its leading digit below 1,000
    (301 -> 100), its first two digits from 1,000 up (22,724 -> 1,000)."""
    digits = len(str(int(n)))
    return 10 ** (digits - 1) if n < 1000 else 10 ** (digits - 2)


def hedge_parts(n: int) -> Hedge:
    """The truest short round figure for a count (see `phrasing.hedge`)."""
    n = int(n)
    if n < 0:
        raise ValueError(f"cannot hedge a negative count: {n}")
    if n in (13, 14):
        return Hedge("more than", 12)
    if n < 20:
        return Hedge("exactly", n)
    unit = round_unit(n)
    floor = n // unit * unit
    if floor == n:
        return Hedge("exactly", n)
    ceiling = floor + unit
    # "nearly" only when the count is just under the round number: within a few
    # per cent of it and nearer to it than to the one below (43,160 is "more
    # than 43,000", not "nearly 44,000", though both are true)
    if (ceiling - n) / ceiling <= NEARLY_GAP and ceiling - n < n - floor:
        return Hedge("nearly", ceiling)
    return Hedge("more than", floor)


def _places_match(stated: float, places: int, value: float) -> bool:
    """A numeral as `phrasing.num` writes the value: whole numbers exactly,
    fractions to one decimal place, '.0' dropped (47.04 -> '47')."""
    if places == 0:
        if float(value).is_integer():
            return value == stated
        return round(value, 1) == stated
    return abs(value - stated) <= 0.5 * 10 ** -places + 1e-9


def _round_units(value: float):
    """`round_unit` for `value`, then each coarser power of ten."""
    unit = round_unit(max(int(value), 1))
    while unit <= max(value, 1) * 10:
        yield unit
        unit *= 10


def count_holds(hedge: str, stated: float, places: int, value: float) -> bool:
    """Is the hedged count `hedge stated` ("more than 300") true and close for
    `value`? Hedges: 'exactly', 'more than', 'nearly', 'at least', 'fewer
    than', 'about'; the round figure is `value` rounded to a unit at least as
    coarse as `round_unit`'s."""
    if hedge == "exactly":
        return _places_match(stated, places, value)
    if hedge == "nearly":
        return stated * (1 - NEARLY_GAP) <= value < stated and \
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
        return stated > 0 and abs(value - stated) / stated <= NEARLY_GAP
    return False


# -- rates: so many a day, a week ---------------------------------------------------

def nearly_floor(target: float) -> float:
    """The least rate that is "nearly `target`": 90% of it, and no more than
    1 - NEARLY_FRACTION below it (nearly one: 0.9; two: 1.8; ten: 9.8)."""
    return max(target * NEARLY_SHARE, target - (1 - NEARLY_FRACTION))


def rate_hedge(rate: float) -> Hedge | None:
    """How a rate in one unit (a day, a week) is said: 'exactly' a whole
    number (within ROUND_ENOUGH), 'nearly' the next whole number, or 'more
    than' the whole number below. None below "nearly one": say it in a
    longer unit (0.82 a day is 5.7 a week)."""
    whole = round(rate)
    if whole >= 1 and abs(rate - whole) / whole <= ROUND_ENOUGH:
        return Hedge("exactly", whole)
    ceiling = math.floor(rate) + 1
    if rate >= nearly_floor(ceiling):
        return Hedge("nearly", ceiling)
    if rate < 1:
        return None
    return Hedge("more than", math.floor(rate))


def rate_holds(hedge: str, stated: float, rate: float) -> bool:
    """Is the rate claim `hedge stated` ("nearly one" a day) true and close
    for `rate` (in the claim's unit)?"""
    if hedge == "exactly":
        return (stated >= 1 and abs(rate - stated) / stated <= ROUND_ENOUGH) or \
            (stated == 0 and rate == 0)
    if hedge == "more than":
        return math.floor(rate) == stated and rate > stated
    if hedge == "nearly":
        return nearly_floor(stated) <= rate < stated
    if hedge == "at least":
        return math.floor(rate) == stated
    if hedge == "fewer than":
        return rate < stated and math.floor(rate) + 1 == stated
    if hedge == "about":
        return stated > 0 and abs(rate - stated) / stated <= 1 - NEARLY_SHARE
    return False


# -- percentages ------------------------------------------------------------------

def pct_holds(hedge: str, stated: float, places: int, value: float) -> bool:
    """Is the percentage claim `hedge stated%` true and close for `value`?
    A hedged percentage is floored to a multiple of five ("more than 15%")."""
    value = abs(value)
    if hedge == "exactly":
        return abs(value - stated) <= 0.5 * 10 ** -places + 1e-9
    if hedge == "more than":
        return stated < value < stated + 5
    if hedge in ("nearly", "fewer than"):
        return max(stated - 5, stated * NEARLY_SHARE) <= value < stated
    if hedge == "about":
        return abs(value - stated) <= 2.5
    if hedge == "at least":
        return stated <= value < stated + 5
    return False


# -- change on the previous period --------------------------------------------

def pct_change(current: float, previous: float) -> float | None:
    """Percentage change on the *old* value (118 -> 200 is +69.5).
    None where there is no previous figure or it was zero."""
    if previous is None or previous == 0:
        return None
    return (current - previous) / previous * 100


def direction(current: float, previous: float | None) -> str | None:
    """'rise', 'fall' or 'unchanged'; None with no previous figure."""
    if previous is None:
        return None
    if current > previous:
        return "rise"
    if current < previous:
        return "fall"
    return "unchanged"


def is_slight(current: float, previous: float | None, settings: Settings = DEFAULT) -> bool:
    """May this change be called "slight" ("down slightly", "little
    change")? Under SLIGHT_PCT per cent, or a handful of offences (at most
    `settings.handful`, and at most HANDFUL_PCT per cent of the base). A
    change from none, or no change at all, is not slight."""
    if previous is None or previous == 0 or current == previous:
        return False
    diff = abs(current - previous)
    pct = diff / previous * 100
    return pct < SLIGHT_PCT or (diff <= settings.handful and pct <= HANDFUL_PCT)


def change_size(current: float, previous: float | None,
                settings: Settings = DEFAULT) -> str | None:
    """'unchanged', 'slight', 'modest', 'clear' or 'sharp'; None with no
    previous figure.

    Slight: see `is_slight` (a word for it: "slightly"). Modest: from there
    to under MODEST_PCT (5%): said with its figure, news only against the
    national trend. Clear: from 5% to under 25%. Sharp: a quarter or more,
    or up from none.
    """
    if previous is None:
        return None
    if current == previous:
        return "unchanged"
    if previous == 0:
        return "sharp"
    if is_slight(current, previous, settings):
        return "slight"
    pct = abs(current - previous) / previous * 100
    if pct < MODEST_PCT:
        return "modest"
    if pct < 25:
        return "clear"
    return "sharp"


def versus_trend(local_pct: float | None, national_pct: float | None) -> str | None:
    """How a local change compares with the national one: 'against' (opposite
    directions), 'in-line' (same direction, within a quarter of each other:
    14% against 19% reads as smaller, not "in line"), 'weaker' or
    'stronger'. None if either is missing or zero."""
    if not local_pct or not national_pct:
        return None
    if (local_pct > 0) != (national_pct > 0):
        return "against"
    ratio = abs(local_pct) / abs(national_pct)
    if ratio < 0.8:
        return "weaker"
    if ratio > 1.25:
        return "stronger"
    return "in-line"


# -- fractions ------------------------------------------------------------------

FRACTIONS = (
    (0.1, "a tenth"), (0.2, "a fifth"), (0.25, "a quarter"), (1 / 3, "a third"),
    (0.5, "half"), (2 / 3, "two-thirds"), (0.75, "three-quarters"),
)


def fraction_holds(hedge: str, fraction: float, share: float) -> bool:
    """Is "`hedge` `fraction`" ("almost a quarter" of 0.227) true and close?

    Within FRACTION_CLOSE of the fraction, and agreeing with the percentage
    printed at its precision: "a fifth" where 20% would be printed (19.7%),
    "almost a fifth" only where a figure below 20% would be, "more than a
    tenth" only above 10% as printed."""
    value, whole = abs(share) * 100, fraction * 100
    shown, target = shown_pct(value), shown_pct(whole)
    if hedge == "exactly":
        return shown == target
    if hedge == "nearly":
        return whole * (1 - FRACTION_CLOSE) <= value < whole and shown < target
    if hedge == "more than":
        return whole < value <= whole * (1 + FRACTION_CLOSE) and shown > target
    return False


def fraction_parts(change_pct: float) -> tuple[str, float, str] | None:
    """The closest fraction that holds for a percentage, as (hedge, fraction,
    name): 22.7 -> ('nearly', 0.25, 'a quarter'); None if none is close."""
    share = abs(change_pct) / 100
    best = None
    for fraction, name in FRACTIONS:
        for hedge in ("exactly", "nearly", "more than"):
            if fraction_holds(hedge, fraction, share):
                gap = abs(share - fraction)
                if best is None or gap < best[0]:
                    best = (gap, (hedge, fraction, name))
    return best[1] if best else None


# -- multiples ------------------------------------------------------------------

def multiple_parts(current: float, previous: float | None) -> tuple[str, int] | None:
    """A rise as a whole multiple, (hedge, k): x1.99 -> ('nearly', 2), x3.5 ->
    ('more than', 3), x2 -> ('exactly', 2). None below x1.9."""
    if not previous or current <= previous:
        return None
    # tenths compared without dividing: 95 / 50 - 1 is 0.8999999999999999 in floating point
    if 10 * current < 19 * previous:
        return None
    k = math.floor(current / previous)
    if 10 * (current - k * previous) >= 9 * previous:
        return "nearly", k + 1
    if current == k * previous:
        return "exactly", k
    return "more than", k


def multiple_holds(hedge: str, k: int, ratio: float) -> bool:
    if hedge == "exactly":
        return abs(ratio - k) < 1e-9
    if hedge == "nearly":
        return k - 0.1 <= ratio < k
    if hedge == "more than":
        return k < ratio < k + 0.9
    return False


# -- comparable periods: series breaks ------------------------------------------------

@lru_cache(maxsize=4096)
def bounds(period: str) -> tuple[date, date]:
    """The first and last day a period label covers ('2017-18': April 2017 to
    March 2018; '2018-12-31': 1 January to 31 December 2018)."""
    end = sort_key(period)
    return end - timedelta(days=days(period) - 1), end


def side_of(period: str, when: date) -> str:
    """Where a period lies against a change that took effect on `when`:
    'before' (it ended before), 'after' (it began on or after) or 'across'."""
    start, end = bounds(period)
    if end < when:
        return "before"
    if start >= when:
        return "after"
    return "across"


def comparable(periods: list[str], current: str, breaks: list[date]) -> tuple[list[str], date | None]:
    """The periods comparable with `current` (itself included), oldest first,
    and the break that limits them (None: the series as far back as it goes).

    A period is comparable with the current one when no break falls between
    them: both began on or after the latest break the current period reaches.
    If the current period itself spans a break, nothing earlier is
    comparable (its figure mixes the old and the new way of counting)."""
    _, end = bounds(current)
    reached = [b for b in breaks if b <= end]
    if not reached:
        return list(periods), None
    last = max(reached)
    if side_of(current, last) == "across":
        return [current] if current in periods else [], last
    return [p for p in periods if side_of(p, last) == "after"], last


def crossed(earlier: str, later: str, breaks: list[date]) -> date | None:
    """The latest break between two periods, or inside either (so that their
    figures were counted differently); None if they are comparable."""
    start, _ = bounds(earlier)
    _, end = bounds(later)
    inside = [b for b in breaks if start < b <= end]
    return max(inside) if inside else None
