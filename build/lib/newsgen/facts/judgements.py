"""The judgements behind every phrase: what counts as a rise, as "slight",
as "nearly", as a round number or a close fraction. Numbers in, labels out,
never words: phrasing says them, facts label areas with them and the fact
check holds every text to them, so the three cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

# "nearly X" is only said when the value is within this share of X.
NEARLY_GAP = 0.03
# Per-day figures: "nearly N" when the fractional part is at least this.
NEARLY_FRACTION = 0.8
# A per-day figure this close to a whole number is said as that number.
ROUND_ENOUGH = 0.01


# -- rounded counts -----------------------------------------------------------

@dataclass(frozen=True)
class Hedge:
    """A hedged count: ``kind`` is 'exactly', 'more than' or 'nearly'."""

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
    """The truest short round figure for a count (see `hedge`)."""
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


def change_size(current: float, previous: float | None) -> str | None:
    """'unchanged', 'slight', 'clear' or 'sharp'; None with no previous.

    Slight: under 5%, or a handful (three or fewer) on a small base.
    Clear: 5% to under 25%. Sharp: a quarter or more, or up from none.
    """
    if previous is None:
        return None
    if current == previous:
        return "unchanged"
    if previous == 0:
        return "sharp"
    pct = abs(current - previous) / previous * 100
    if pct < 5 or (abs(current - previous) <= 3 and pct <= 10):
        return "slight"
    if pct < 25:
        return "clear"
    return "sharp"


def versus_trend(local_pct: float | None, national_pct: float | None) -> str | None:
    """How a local change compares with the national one: 'against' (opposite
    directions), 'in-line' (same direction, within a factor of 1.5),
    'weaker' or 'stronger'. None if either is missing or zero."""
    if not local_pct or not national_pct:
        return None
    if (local_pct > 0) != (national_pct > 0):
        return "against"
    ratio = abs(local_pct) / abs(national_pct)
    if ratio < 2 / 3:
        return "weaker"
    if ratio > 1.5:
        return "stronger"
    return "in-line"


# -- fractions ------------------------------------------------------------------

FRACTIONS = (
    (0.1, "a tenth"), (0.2, "a fifth"), (0.25, "a quarter"), (1 / 3, "a third"),
    (0.5, "half"), (2 / 3, "two-thirds"), (0.75, "three-quarters"),
)
ALMOST_BY = 0.03     # "almost a quarter" for 22% up to 25%
MORE_THAN_BY = 0.04  # "more than a third" for 33.4% to 37.3%
